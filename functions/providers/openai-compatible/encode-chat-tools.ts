/**
 * A call's tools as Chat Completions `tools`, `tool_choice` and `parallel_tool_calls`. Function
 * tools map one to one, and a tool kept whole from an OpenAI Chat body is sent as it came. Another
 * dialect's server tools (Anthropic's web search, code execution, bash...) have no Chat Completions
 * form: they are left out with a note, and a choice that requires one is a 400, which fails over
 * to a target that runs it. The choice and the parallel flag go only beside tools: OpenAI refuses
 * them alone.
 */
import type { ChatRequest, ChatTool, ChatToolChoice } from '../../ingress/openai-chat/chat-request-schema.ts';
import type { Call } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import { refuseChosenToolLeftOut } from '../../core/chosen-tool-left-out.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import type { NativeTool, Tool, ToolChoice } from '../../core/tools.ts';
import { CHAT_COMPLETIONS } from './chat-completions-name.ts';

export type ChatWireTool = ChatTool | NativeTool['definition'];

export interface ChatToolFields {
  tools?: ChatWireTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: ChatRequest['parallel_tool_calls'];
}

export function encodeChatTools(call: Pick<Call, 'tools' | 'toolChoice' | 'parallelToolCalls'>, notes: string[]): ChatToolFields {
  const tools: ChatWireTool[] = [];
  const leftOut: Tool[] = [];
  for (const tool of call.tools) {
    const encoded = encodeTool(tool, notes);
    if (encoded) tools.push(encoded);
    else leftOut.push(tool);
  }

  const choice = call.toolChoice;
  refuseChosenToolLeftOut(choice, leftOut, CHAT_COMPLETIONS);
  if (tools.length === 0) {
    if (choice?.mode === 'required' || choice?.mode === 'tool') throw invalidRequest('tool_choice requires a tool, and there is none to send', 'tool_choice');
    return {};
  }
  return {
    tools,
    ...(choice !== undefined && { tool_choice: encodeChoice(choice) }),
    ...(call.parallelToolCalls !== undefined && { parallel_tool_calls: call.parallelToolCalls }),
  };
}

function encodeTool(tool: Tool, notes: string[]): ChatWireTool | undefined {
  if (tool.kind === 'function') {
    const { name, description, parameters, strict } = tool;
    return {
      type: 'function',
      function: {
        name,
        ...(description !== undefined && { description }),
        ...(parameters !== undefined && { parameters }),
        ...(strict !== undefined && { strict }),
      },
    };
  }
  if (tool.dialect === 'openai-chat') return tool.definition;
  notes.push(leftOutToolNote(tool));
  return undefined;
}

/**
 * Anthropic's web search has a Chat Completions counterpart only on OpenAI's search models
 * (`web_search_options`), which search on every request anyway; any other model refuses that
 * field, so the tool is left out everywhere rather than sent where it fails.
 */
function leftOutToolNote(tool: NativeTool): string {
  const search = tool.dialect === 'anthropic-messages' && tool.type.startsWith('web_search_');
  return leftOutNote({ kind: 'tool', name: tool.type, target: CHAT_COMPLETIONS, ...(search && { why: "searches the web only with OpenAI's search models, which take no tool for it" }) });
}

function encodeChoice(choice: ToolChoice): ChatToolChoice {
  return choice.mode === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.mode;
}
