import type { CallMessage } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { AssistantPart, TextPart, ToolCallPart } from '../../core/parts.ts';
import { isJsonObject } from '../../chat/is-json-object.ts';
import type {
  AnthropicAssistantBlockParam,
  AnthropicMessageParam,
  AnthropicToolUseBlockParam,
  AnthropicUserBlockParam,
} from './anthropic-api-types.ts';
import { convertAnthropicUserContent, hasText } from './convert-anthropic-user-content.ts';

export interface AnthropicPrompt {
  /** The system and developer messages' text, in order; undefined when there is none. */
  system: string | undefined;
  messages: AnthropicMessageParam[];
}

const joinText = (parts: readonly TextPart[]) => parts.map((part) => part.text).join('');

/**
 * The call's messages as Anthropic's: system messages move to the top-level `system`, tool results
 * become `tool_result` blocks in a user turn, and consecutive turns of one role merge into one,
 * since a `tool_result` must sit in the user turn right after its `tool_use`.
 */
export function convertToAnthropicMessages(messages: readonly CallMessage[]): AnthropicPrompt {
  const system: string[] = [];
  const turns: AnthropicMessageParam[] = [];

  const pushUser = (content: AnthropicUserBlockParam[]) => {
    const last = turns.at(-1);
    if (last?.role === 'user') last.content.push(...content);
    else turns.push({ role: 'user', content });
  };
  const pushAssistant = (content: AnthropicAssistantBlockParam[]) => {
    const last = turns.at(-1);
    if (last?.role === 'assistant') last.content.push(...content);
    else turns.push({ role: 'assistant', content });
  };

  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system': {
        const text = joinText(message.content);
        if (hasText(text)) system.push(text);
        return;
      }
      case 'user': {
        const content = convertAnthropicUserContent(message.content, `messages[${i}]`);
        if (content.length > 0) pushUser(content);
        return;
      }
      case 'assistant': {
        const content = assistantBlocks(message.content, i);
        if (content.length > 0) pushAssistant(content);
        return;
      }
      case 'tool': {
        pushUser(
          message.content.map((result) => {
            const text = joinText(result.content.filter((part) => part.type === 'text'));
            return hasText(text)
              ? { type: 'tool_result', tool_use_id: result.toolCallId, content: text }
              : { type: 'tool_result', tool_use_id: result.toolCallId };
          }),
        );
        return;
      }
    }
  });

  for (const turn of turns) if (turn.role === 'user') turn.content = toolResultsFirst(turn.content);
  if (turns.length === 0) throw invalidRequest('messages must contain at least one non-empty user or assistant message', 'messages');
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages: turns };
}

/**
 * An assistant message's text and tool calls. Its reasoning is dropped: Anthropic only takes
 * thinking back with the signature it issued.
 */
function assistantBlocks(content: readonly AssistantPart[], i: number): AnthropicAssistantBlockParam[] {
  const blocks: AnthropicAssistantBlockParam[] = [];
  let toolCalls = 0;
  for (const part of content) {
    if ((part.type === 'text' || part.type === 'refusal') && hasText(part.text)) blocks.push({ type: 'text', text: part.text });
    // The argument is named as in the caller's OpenAI body, the only one translated so far.
    if (part.type === 'tool-call') blocks.push(toolUseBlock(part, `messages[${i}].tool_calls[${toolCalls++}].function.arguments`));
  }
  return blocks;
}

function toolUseBlock(call: ToolCallPart, param: string): AnthropicToolUseBlockParam {
  let input: unknown = {};
  if (call.arguments.trim() !== '') {
    try {
      input = JSON.parse(call.arguments);
    } catch {
      throw invalidRequest(`${param} is not valid JSON; Anthropic needs tool call arguments as a JSON object`, param);
    }
  }
  if (!isJsonObject(input)) throw invalidRequest(`${param} must be a JSON object, as Anthropic requires`, param);
  return { type: 'tool_use', id: call.id, name: call.name, input };
}

/** Anthropic requires a user turn's `tool_result` blocks before any other content in it. */
function toolResultsFirst(content: AnthropicUserBlockParam[]): AnthropicUserBlockParam[] {
  const results = content.filter((block) => block.type === 'tool_result');
  if (results.length === 0) return content;
  return [...results, ...content.filter((block) => block.type !== 'tool_result')];
}
