import type { ChatMessage, ChatToolCall } from '../../chat/chat-request-schema.ts';
import { messageText } from '../../chat/message-text.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type {
  AnthropicAssistantBlockParam,
  AnthropicMessageParam,
  AnthropicToolUseBlockParam,
  AnthropicUserBlockParam,
} from './anthropic-api-types.ts';
import { convertAnthropicUserContent, hasText } from './convert-anthropic-user-content.ts';
import { isJsonObject } from '../../chat/is-json-object.ts';

export interface AnthropicPrompt {
  /** The system and developer messages' text, in order; undefined when there is none. */
  system: string | undefined;
  messages: AnthropicMessageParam[];
}

/**
 * OpenAI's message list as Anthropic's: system and developer messages move to the top-level
 * `system`, tool results become `tool_result` blocks in a user turn, and consecutive turns of one
 * role merge into one, since a `tool_result` must sit in the user turn right after its `tool_use`.
 */
export function convertToAnthropicMessages(messages: readonly ChatMessage[]): AnthropicPrompt {
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
      case 'system':
      case 'developer': {
        const text = messageText(message.content);
        if (hasText(text)) system.push(text);
        return;
      }
      case 'user': {
        const content = convertAnthropicUserContent(message.content, `messages[${i}]`);
        if (content.length > 0) pushUser(content);
        return;
      }
      case 'assistant': {
        const content = assistantBlocks(message, i);
        if (content.length > 0) pushAssistant(content);
        return;
      }
      case 'tool': {
        const text = messageText(message.content);
        pushUser([
          hasText(text)
            ? { type: 'tool_result', tool_use_id: message.tool_call_id, content: text }
            : { type: 'tool_result', tool_use_id: message.tool_call_id },
        ]);
        return;
      }
    }
  });

  for (const turn of turns) if (turn.role === 'user') turn.content = toolResultsFirst(turn.content);
  if (turns.length === 0) throw invalidRequest('messages must contain at least one non-empty user or assistant message', 'messages');
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages: turns };
}

/**
 * An assistant message's text and tool calls. Its `reasoning_content` is dropped: Anthropic only
 * takes thinking back with the signature it issued, which OpenAI's format has no place for.
 */
function assistantBlocks(message: Extract<ChatMessage, { role: 'assistant' }>, i: number): AnthropicAssistantBlockParam[] {
  const blocks: AnthropicAssistantBlockParam[] = [];
  const content = message.content;
  if (typeof content === 'string') {
    if (hasText(content)) blocks.push({ type: 'text', text: content });
  } else if (content) {
    for (const part of content) {
      const text = part.type === 'text' ? part.text : part.refusal;
      if (hasText(text)) blocks.push({ type: 'text', text });
    }
  }
  message.tool_calls?.forEach((call, j) => blocks.push(toolUseBlock(call, `messages[${i}].tool_calls[${j}].function.arguments`)));
  return blocks;
}

function toolUseBlock(call: ChatToolCall, param: string): AnthropicToolUseBlockParam {
  const args = call.function.arguments;
  let input: unknown = {};
  if (args.trim() !== '') {
    try {
      input = JSON.parse(args);
    } catch {
      throw invalidRequest(`${param} is not valid JSON; Anthropic needs tool call arguments as a JSON object`, param);
    }
  }
  if (!isJsonObject(input)) throw invalidRequest(`${param} must be a JSON object, as Anthropic requires`, param);
  return { type: 'tool_use', id: call.id, name: call.function.name, input };
}

/** Anthropic requires a user turn's `tool_result` blocks before any other content in it. */
function toolResultsFirst(content: AnthropicUserBlockParam[]): AnthropicUserBlockParam[] {
  const results = content.filter((block) => block.type === 'tool_result');
  if (results.length === 0) return content;
  return [...results, ...content.filter((block) => block.type !== 'tool_result')];
}
