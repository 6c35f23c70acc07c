import type { Call } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import { refuseChosenToolLeftOut } from '../../core/chosen-tool-left-out.ts';
import type { FunctionTool, Tool } from '../../core/tools.ts';
import type { AnthropicCustomTool, AnthropicTool, AnthropicToolChoice } from './anthropic-api-types.ts';
import { cacheControlOf } from './anthropic-cache-control.ts';
import { ANTHROPIC_PROVIDER } from './anthropic-constants.ts';
import { convertNativeTool } from './convert-anthropic-native.ts';

export interface AnthropicToolSettings {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

function convertFunctionTool(tool: FunctionTool): AnthropicCustomTool {
  // Anthropic requires `input_schema.type: 'object'`; a tool without parameters may omit it.
  const converted: AnthropicCustomTool = {
    name: tool.name,
    input_schema: tool.parameters ? { type: 'object', ...tool.parameters } : { type: 'object', properties: {} },
  };
  if (tool.description !== undefined) converted.description = tool.description;
  return { ...converted, ...cacheControlOf(tool.cache) };
}

/**
 * The call's tools, tool choice and parallel-call limit as Anthropic's `tools` and `tool_choice`.
 * A tool of another dialect that Claude cannot run is left out, said in `notes`; a choice that
 * requires it is refused (core/chosen-tool-left-out.ts).
 */
export function convertAnthropicTools(call: Pick<Call, 'tools' | 'toolChoice' | 'parallelToolCalls'>, notes: string[]): AnthropicToolSettings {
  const choice = call.toolChoice;
  const leftOut: Tool[] = [];
  const tools = call.tools.flatMap((tool) => {
    const converted = tool.kind === 'function' ? convertFunctionTool(tool) : convertNativeTool(tool, notes);
    if (!converted) leftOut.push(tool);
    return converted ? [converted] : [];
  });
  refuseChosenToolLeftOut(choice, leftOut, ANTHROPIC_PROVIDER);
  if (tools.length === 0) {
    if (choice?.mode === 'required') throw invalidRequest("tool_choice 'required' needs at least one tool in 'tools'", 'tool_choice');
    // Nothing to choose from: Anthropic rejects a tool_choice without tools, so both are left out.
    return {};
  }
  if (choice?.mode === 'none') return { tools, tool_choice: { type: 'none' } };

  const disableParallel = call.parallelToolCalls === false;
  let toolChoice: Exclude<AnthropicToolChoice, { type: 'none' }>;
  if (choice?.mode === 'required') toolChoice = { type: 'any' };
  else if (choice?.mode === 'tool') toolChoice = { type: 'tool', name: choice.name };
  else if (choice?.mode === 'auto' || disableParallel) toolChoice = { type: 'auto' };
  else return { tools };

  // Anthropic's one-call limit lives inside tool_choice, hence `auto` when the caller chose nothing.
  if (disableParallel) toolChoice.disable_parallel_tool_use = true;
  return { tools, tool_choice: toolChoice };
}
