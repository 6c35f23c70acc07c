import { isJsonObject } from '../../core/is-json-object.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext } from '../provider-adapter.ts';
import { upstreamBadResponse } from '../upstream/upstream-errors.ts';
import { ANTHROPIC_PROVIDER } from './anthropic-constants.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { mapAnthropicUsage } from './map-anthropic-usage.ts';
import { anthropicReportedError } from './parse-anthropic-error.ts';
import { readErrorDetail, readMessage } from './read-anthropic-wire.ts';

/**
 * A whole Message as events. Thinking keeps its signature and redacted thinking its data, so a
 * Messages client can send them back; block types the gateway does not translate (server tools,
 * compaction summaries) are skipped; tool calls are numbered among themselves.
 */
export function parseAnthropicResponse(body: unknown, context: ResponseContext): StreamEvent[] {
  const message = readMessage(body);
  if (!message) {
    const error =
      isJsonObject(body) && body.type === 'error'
        ? anthropicReportedError(readErrorDetail(body.error))
        : upstreamBadResponse(ANTHROPIC_PROVIDER, 'the body is not a Message (it has no content list)');
    return [{ type: 'error', error }];
  }

  const events: StreamEvent[] = [
    { type: 'start', id: message.id, model: message.model ?? context.model, created: context.now },
  ];
  let toolCalls = 0;
  for (const block of message.content) {
    switch (block.type) {
      case 'text':
        if (block.text) events.push({ type: 'text', choice: 0, delta: block.text });
        break;
      case 'thinking':
        if (block.thinking) events.push({ type: 'reasoning', choice: 0, delta: block.thinking });
        // With thinking display `omitted` the text is empty and the signature is the whole block.
        if (block.signature) events.push({ type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: block.signature } });
        break;
      case 'redacted_thinking':
        if (block.data) events.push({ type: 'redacted-reasoning', choice: 0, data: block.data, issuer: 'claude' });
        break;
      case 'tool_use': {
        const index = toolCalls++;
        events.push(
          { type: 'tool-call-start', choice: 0, index, id: block.id, name: block.name },
          { type: 'tool-call-args', choice: 0, index, delta: JSON.stringify(block.input) },
        );
        break;
      }
    }
  }
  events.push(
    { type: 'finish', choice: 0, reason: mapAnthropicStopReason(message.stop_reason, message.stop_sequence) },
    { type: 'usage', usage: mapAnthropicUsage(message.usage) },
  );
  return events;
}
