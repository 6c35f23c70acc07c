import type { ChatRequest, ChatTool } from '../../chat/chat-request-schema.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-api-types.ts';

export interface AnthropicToolSettings {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

function convertTool(tool: ChatTool): AnthropicTool {
  const fn = tool.function;
  // Anthropic requires `input_schema.type: 'object'`; OpenAI lets a tool without parameters omit it.
  const converted: AnthropicTool = {
    name: fn.name,
    input_schema: fn.parameters ? { type: 'object', ...fn.parameters } : { type: 'object', properties: {} },
  };
  if (fn.description !== undefined) converted.description = fn.description;
  return converted;
}

/** `tools`, `tool_choice` and `parallel_tool_calls` as Anthropic's `tools` and `tool_choice`. */
export function convertAnthropicTools(request: ChatRequest): AnthropicToolSettings {
  const choice = request.tool_choice;
  if (!request.tools?.length) {
    if (choice === 'required') throw invalidRequest("tool_choice 'required' needs at least one tool in 'tools'", 'tool_choice');
    // Nothing to choose from: Anthropic rejects a tool_choice without tools, so both are left out.
    return {};
  }
  const tools = request.tools.map(convertTool);
  if (choice === 'none') return { tools, tool_choice: { type: 'none' } };

  const disableParallel = request.parallel_tool_calls === false;
  let toolChoice: Exclude<AnthropicToolChoice, { type: 'none' }>;
  if (choice === 'required') toolChoice = { type: 'any' };
  else if (typeof choice === 'object') toolChoice = { type: 'tool', name: choice.function.name };
  else if (choice === 'auto' || disableParallel) toolChoice = { type: 'auto' };
  else return { tools };

  // Anthropic's one-call limit lives inside tool_choice, hence `auto` when the client chose nothing.
  if (disableParallel) toolChoice.disable_parallel_tool_use = true;
  return { tools, tool_choice: toolChoice };
}
