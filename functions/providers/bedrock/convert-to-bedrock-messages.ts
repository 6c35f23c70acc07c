import type { ChatMessage, ChatToolCall } from '../../chat/chat-request-schema.ts';
import { isJsonObject } from '../../chat/is-json-object.ts';
import { messageText } from '../../chat/message-text.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { BedrockAssistantBlock, BedrockMessage, BedrockTextBlock, BedrockToolUseBlock, BedrockUserBlock } from './bedrock-api-types.ts';
import { convertBedrockUserContent, hasText } from './convert-bedrock-user-content.ts';

export interface BedrockPrompt {
  /** The system and developer messages' text, in order; undefined when there is none. */
  system: BedrockTextBlock[] | undefined;
  messages: BedrockMessage[];
  /** Whether the history holds tool calls or results: Converse then requires a `toolConfig`. */
  usesTools: boolean;
}

/** Converse requires a tool result to have content; an empty one says so rather than being blank. */
const EMPTY_TOOL_RESULT = '(no output)';

/**
 * OpenAI's message list as Converse's: system and developer messages move to `system`, tool
 * results become `toolResult` blocks in a user turn, and consecutive turns of one role merge into
 * one, since Converse requires roles to alternate and a `toolResult` to sit in the user turn right
 * after its `toolUse`.
 */
export function convertToBedrockMessages(messages: readonly ChatMessage[]): BedrockPrompt {
  const system: BedrockTextBlock[] = [];
  const turns: BedrockMessage[] = [];
  let usesTools = false;

  const pushUser = (content: BedrockUserBlock[]) => {
    const last = turns.at(-1);
    if (last?.role === 'user') last.content.push(...content);
    else turns.push({ role: 'user', content });
  };
  const pushAssistant = (content: BedrockAssistantBlock[]) => {
    const last = turns.at(-1);
    if (last?.role === 'assistant') last.content.push(...content);
    else turns.push({ role: 'assistant', content });
  };

  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = messageText(message.content);
        if (hasText(text)) system.push({ text });
        return;
      }
      case 'user': {
        const content = convertBedrockUserContent(message.content, `messages[${i}]`);
        if (content.length > 0) pushUser(content);
        return;
      }
      case 'assistant': {
        const content = assistantBlocks(message, i);
        if (message.tool_calls?.length) usesTools = true;
        if (content.length > 0) pushAssistant(content);
        return;
      }
      case 'tool': {
        usesTools = true;
        const text = messageText(message.content);
        pushUser([{ toolResult: { toolUseId: message.tool_call_id, content: [{ text: hasText(text) ? text : EMPTY_TOOL_RESULT }] } }]);
        return;
      }
    }
  });

  for (const turn of turns) if (turn.role === 'user') turn.content = toolResultsFirst(turn.content);
  if (turns.length === 0) throw invalidRequest('messages must contain at least one non-empty user or assistant message', 'messages');
  return { system: system.length > 0 ? system : undefined, messages: turns, usesTools };
}

/**
 * An assistant message's text and tool calls. Its `reasoning_content` is dropped: Claude only
 * takes reasoning back with the signature it issued, which OpenAI's format has no place for.
 */
function assistantBlocks(message: Extract<ChatMessage, { role: 'assistant' }>, i: number): BedrockAssistantBlock[] {
  const blocks: BedrockAssistantBlock[] = [];
  const content = message.content;
  if (typeof content === 'string') {
    if (hasText(content)) blocks.push({ text: content });
  } else if (content) {
    for (const part of content) {
      const text = part.type === 'text' ? part.text : part.refusal;
      if (hasText(text)) blocks.push({ text });
    }
  }
  message.tool_calls?.forEach((call, j) => blocks.push(toolUseBlock(call, `messages[${i}].tool_calls[${j}].function.arguments`)));
  return blocks;
}

function toolUseBlock(call: ChatToolCall, param: string): BedrockToolUseBlock {
  const args = call.function.arguments;
  let input: unknown = {};
  if (args.trim() !== '') {
    try {
      input = JSON.parse(args);
    } catch {
      throw invalidRequest(`${param} is not valid JSON; Bedrock needs tool call arguments as a JSON object`, param);
    }
  }
  if (!isJsonObject(input)) throw invalidRequest(`${param} must be a JSON object, as Bedrock requires`, param);
  return { toolUse: { toolUseId: call.id, name: call.function.name, input } };
}

/** Claude requires a user turn's tool results before any other content in it. */
function toolResultsFirst(content: BedrockUserBlock[]): BedrockUserBlock[] {
  const results = content.filter((block) => 'toolResult' in block);
  if (results.length === 0) return content;
  return [...results, ...content.filter((block) => !('toolResult' in block))];
}
