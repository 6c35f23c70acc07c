/**
 * What one whole output item says as events, for a non-streaming answer and for whatever a stream
 * sent only in an item's `output_item.done`: a message's text, refusal and log-probabilities, a
 * reasoning item's text and encrypted content, a function call. Other items (server tools, custom
 * tools) reach a native client as sent and say nothing here.
 */
import type { SignatureIssuer } from '../../core/parts.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponsesOutputItem } from './responses-api-types.ts';
import { mapResponsesLogprobs } from './map-responses-logprobs.ts';

export function messageEvents(item: ResponsesOutputItem): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const part of item.content ?? []) {
    if (part.type === 'output_text') {
      if (part.text) events.push({ type: 'text', choice: 0, delta: part.text });
      const logprobs = mapResponsesLogprobs(part.logprobs ?? []);
      if (logprobs.length > 0) events.push({ type: 'logprobs', choice: 0, content: logprobs });
    } else if (part.type === 'refusal' && part.refusal) {
      events.push({ type: 'refusal', choice: 0, delta: part.refusal });
    }
  }
  return events;
}

/** A reasoning item's readable text: its summary's parts, then its own reasoning text where shown. */
export function reasoningText(item: ResponsesOutputItem): string {
  return [...(item.summary ?? []), ...(item.content ?? [])].map((part) => part.text ?? '').join('');
}

/**
 * What closes a reasoning item: its encrypted content, which only its issuer's models read back:
 * the signature of the text before it, or the whole of an item that showed none. Nothing when the
 * provider's models are no issuer the gateway knows (ResponsesApi.reasoningIssuer).
 */
export function reasoningClose(item: ResponsesOutputItem, issuer: SignatureIssuer | undefined, shownText: boolean): StreamEvent[] {
  const encrypted = item.encrypted_content;
  if (!encrypted || !issuer) return [];
  return shownText
    ? [{ type: 'reasoning-signature', choice: 0, signature: { issuer, value: encrypted } }]
    : [{ type: 'redacted-reasoning', choice: 0, data: encrypted, issuer }];
}

/** A function call's start, as the `index`-th call of the answer; its `call_id` is what a tool result names. */
export const functionCallStart = (item: ResponsesOutputItem, index: number): StreamEvent => ({
  type: 'tool-call-start',
  choice: 0,
  index,
  id: item.call_id || `call_${crypto.randomUUID().replaceAll('-', '')}`,
  name: item.name ?? '',
});
