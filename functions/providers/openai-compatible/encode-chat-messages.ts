/**
 * A call's messages as Chat Completions messages, in the caller's order: system messages where they
 * stand (`developer` kept), one `tool` message per tool result. Reasoning is not sent back (Chat
 * Completions has no field for it, and native mode strips it too), nor are tool-call signatures,
 * which only Gemini reads.
 */
import type { ChatMessage, ChatToolCall } from '../../ingress/openai-chat/chat-request-schema.ts';
import type { CallMessage } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import type { TextPart, ToolResultPart } from '../../core/parts.ts';
import { encodeChatUserPart, type ChatUserPart } from './encode-chat-user-part.ts';
import { CHAT_COMPLETIONS } from './chat-completions-name.ts';

/** A Chat Completions message as sent: a user message may hold a part kept whole from an OpenAI body. */
export type ChatWireMessage = Exclude<ChatMessage, { role: 'user' }> | { role: 'user'; content: string | ChatUserPart[]; name?: string };

/** What is left out is said in `notes`; what cannot be sent at all is a 400 naming the part. */
export function encodeChatMessages(messages: readonly CallMessage[], notes: string[]): ChatWireMessage[] {
  return messages.flatMap((message, i) => encodeMessage(message, `messages[${i}]`, notes));
}

const withName = (name: string | undefined) => (name !== undefined ? { name } : {});

/** One text part as a string, as clients write it; several as parts, their boundaries kept. */
const textContent = (parts: readonly TextPart[]): string | Array<{ type: 'text'; text: string }> =>
  parts.length === 1 && parts[0] ? parts[0].text : parts.map((part) => ({ type: 'text', text: part.text }));

function encodeMessage(message: CallMessage, param: string, notes: string[]): ChatWireMessage[] {
  switch (message.role) {
    case 'system': {
      const content = textContent(message.content);
      return [message.variant === 'developer' ? { role: 'developer', content, ...withName(message.name) } : { role: 'system', content, ...withName(message.name) }];
    }
    case 'user':
      return [encodeUser(message, param, notes)];
    case 'assistant':
      return [encodeAssistant(message, notes)];
    case 'tool':
      return message.content.map((result, j) => encodeToolResult(result, `${param}.content[${j}]`));
  }
}

function encodeUser(message: Extract<CallMessage, { role: 'user' }>, param: string, notes: string[]): ChatWireMessage {
  const [only] = message.content;
  if (message.content.length === 1 && only?.type === 'text') return { role: 'user', content: only.text, ...withName(message.name) };
  const content = message.content.flatMap((part, j): ChatUserPart[] => {
    const encoded = encodeChatUserPart(part, `${param}.content[${j}]`, notes);
    return encoded ? [encoded] : [];
  });
  // A turn whose every part was left out still stands, so the turns keep alternating as the caller wrote them.
  return { role: 'user', content: content.length > 0 ? content : '', ...withName(message.name) };
}

/**
 * The text parts joined into one string, as the gateway joins text deltas, since not every
 * provider of the family takes parts here; refusals in `refusal`; tool calls in `tool_calls`.
 */
function encodeAssistant(message: Extract<CallMessage, { role: 'assistant' }>, notes: string[]): ChatWireMessage {
  let text: string | undefined;
  let refusal: string | undefined;
  const toolCalls: ChatToolCall[] = [];
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
        text = (text ?? '') + part.text;
        break;
      case 'refusal':
        refusal = (refusal ?? '') + part.text;
        break;
      case 'tool-call':
        toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
        break;
      case 'reasoning':
      case 'redacted-reasoning':
        break;
      case 'native':
        notes.push(leftOutNote({ kind: 'block', name: part.block['type'], target: CHAT_COMPLETIONS }));
        break;
    }
  }
  return {
    role: 'assistant',
    // OpenAI wants content unless the turn made tool calls (or refused): an empty turn is an empty string.
    content: text ?? (toolCalls.length > 0 || refusal !== undefined ? null : ''),
    ...(refusal !== undefined && { refusal }),
    ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
    ...withName(message.name),
  };
}

/**
 * A tool result as a `tool` message of text, joined, since the family's providers take no parts
 * there (OpenAI takes text parts only). An error result has no flag: its text says what went wrong.
 */
function encodeToolResult(result: ToolResultPart, param: string): ChatWireMessage {
  const texts = result.content.map((part, k) => {
    if (part.type !== 'text') throw invalidRequest(`Chat Completions takes only text in a tool result, not an ${part.type}`, `${param}.content[${k}]`);
    return part.text;
  });
  return { role: 'tool', tool_call_id: result.toolCallId, content: texts.join('') };
}
