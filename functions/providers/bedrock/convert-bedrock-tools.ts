import { invalidRequest } from '../../core/call-error.ts';
import { refuseChosenToolLeftOut } from '../../core/chosen-tool-left-out.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import type { FunctionTool, NativeTool, Tool, ToolChoice } from '../../core/tools.ts';
import { BEDROCK_PROVIDER } from './bedrock-constants.ts';
import type { BedrockCachePointBlock, BedrockTool, BedrockToolConfig } from './bedrock-api-types.ts';
import { pushCachePoint } from './push-cache-point.ts';

function convertTool(tool: FunctionTool): BedrockTool {
  // Converse requires an input schema; a tool without parameters may omit it.
  const spec: BedrockTool['toolSpec'] = {
    name: tool.name,
    inputSchema: { json: tool.parameters ? { type: 'object', ...tool.parameters } : { type: 'object', properties: {} } },
  };
  if (tool.description !== undefined) spec.description = tool.description;
  return { toolSpec: spec };
}

/**
 * The call's tools and tool choice as Converse's `toolConfig`, a tool's cache breakpoint a
 * `cachePoint` after it. Converse has no "none" and no
 * one-call limit: `none` leaves the tools out (kept only when the history has tool blocks, which
 * Converse refuses without a `toolConfig`), and `parallelToolCalls` is dropped. Converse has no
 * server tools either: a native tool is left out, with a note, and a choice that requires it is
 * refused (core/chosen-tool-left-out.ts).
 */
export function convertBedrockTools(
  tools: readonly Tool[],
  choice: ToolChoice | undefined,
  historyUsesTools: boolean,
  notes: string[],
): BedrockToolConfig | undefined {
  const functions: FunctionTool[] = [];
  const leftOut: NativeTool[] = [];
  for (const tool of tools) {
    if (tool.kind === 'function') functions.push(tool);
    else {
      leftOut.push(tool);
      notes.push(leftOutNote({ kind: 'tool', name: tool.type, target: BEDROCK_PROVIDER }));
    }
  }
  refuseChosenToolLeftOut(choice, leftOut, BEDROCK_PROVIDER);
  if (functions.length === 0) {
    if (choice?.mode === 'required') throw invalidRequest("tool_choice 'required' needs at least one function tool", 'tool_choice');
    return undefined;
  }
  const converted: Array<BedrockTool | BedrockCachePointBlock> = [];
  for (const tool of functions) {
    converted.push(convertTool(tool));
    pushCachePoint(converted, tool.cache);
  }
  switch (choice?.mode) {
    case undefined:
      return { tools: converted };
    case 'none':
      return historyUsesTools ? { tools: converted } : undefined;
    case 'auto':
      return { tools: converted, toolChoice: { auto: {} } };
    case 'required':
      return { tools: converted, toolChoice: { any: {} } };
    case 'tool':
      return { tools: converted, toolChoice: { tool: { name: choice.name } } };
  }
}
