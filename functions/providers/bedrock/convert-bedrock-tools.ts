import type { ChatRequest, ChatTool } from '../../chat/chat-request-schema.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { BedrockTool, BedrockToolConfig } from './bedrock-api-types.ts';

function convertTool(tool: ChatTool): BedrockTool {
  const fn = tool.function;
  // Converse requires an input schema; OpenAI lets a tool without parameters omit it.
  const spec: BedrockTool['toolSpec'] = {
    name: fn.name,
    inputSchema: { json: fn.parameters ? { type: 'object', ...fn.parameters } : { type: 'object', properties: {} } },
  };
  if (fn.description !== undefined) spec.description = fn.description;
  return { toolSpec: spec };
}

/**
 * `tools` and `tool_choice` as Converse's `toolConfig`. Converse has no "none" and no one-call
 * limit: `none` leaves the tools out (kept only when the history has tool blocks, which Converse
 * refuses without a `toolConfig`), and `parallel_tool_calls` is dropped.
 */
export function convertBedrockTools(request: ChatRequest, historyUsesTools: boolean): BedrockToolConfig | undefined {
  const choice = request.tool_choice;
  if (!request.tools?.length) {
    if (choice === 'required') throw invalidRequest("tool_choice 'required' needs at least one tool in 'tools'", 'tool_choice');
    return undefined;
  }
  const tools = request.tools.map(convertTool);
  if (choice === 'none') return historyUsesTools ? { tools } : undefined;
  if (choice === 'required') return { tools, toolChoice: { any: {} } };
  if (typeof choice === 'object') return { tools, toolChoice: { tool: { name: choice.function.name } } };
  if (choice === 'auto') return { tools, toolChoice: { auto: {} } };
  return { tools };
}
