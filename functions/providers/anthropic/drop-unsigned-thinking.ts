/**
 * Thinking blocks without a signature, taken out of a Messages conversation's assistant turns. The
 * Messages door writes another model's reasoning as a thinking block with an empty signature (a
 * Messages client keeps it and sends it back); Claude refuses a thinking block it cannot verify,
 * so a conversation that moves to Claude goes without them, as the translated path leaves them out.
 * Everything else, signed thinking included, stays as sent; an unchanged conversation is the same array.
 */
import { isJsonObject } from '../../core/is-json-object.ts';

const isUnsignedThinking = (block: unknown): boolean => isJsonObject(block) && block['type'] === 'thinking' && !block['signature'];

export function dropUnsignedThinking(messages: unknown): unknown {
  if (!Array.isArray(messages) || !messages.some((message) => unsignedThinkingIn(message) !== undefined)) return messages;
  return messages.map((message: unknown) => {
    const content = unsignedThinkingIn(message);
    return content ? { ...(message as Record<string, unknown>), content: content.filter((block) => !isUnsignedThinking(block)) } : message;
  });
}

/** An assistant turn's content when it holds unsigned thinking. */
function unsignedThinkingIn(message: unknown): unknown[] | undefined {
  if (!isJsonObject(message) || message['role'] !== 'assistant') return undefined;
  const content = message['content'];
  return Array.isArray(content) && content.some(isUnsignedThinking) ? content : undefined;
}
