import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext } from '../provider-adapter.ts';
import { upstreamBadResponse } from '../upstream/upstream-errors.ts';
import { BEDROCK_PROVIDER, newBedrockResponseId } from './bedrock-constants.ts';
import { reasoningIssuer } from './bedrock-model-id.ts';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.ts';
import { mapBedrockUsage } from './map-bedrock-usage.ts';
import { readConverseResponse } from './read-bedrock-wire.ts';

/**
 * A whole Converse response as events. Converse names neither the response nor the model, so the
 * id is made up and the model is the one asked for; tool calls are numbered among themselves.
 * Reasoning signatures and encrypted reasoning are kept for the model line that issued them
 * (Claude, read from the model id); a model of no known issuer's are of no use to send back.
 */
export function parseBedrockResponse(body: unknown, context: ResponseContext): StreamEvent[] {
  const response = readConverseResponse(body);
  if (!response) {
    return [{ type: 'error', error: upstreamBadResponse(BEDROCK_PROVIDER, 'the body is not a Converse response (it has no output.message.content)') }];
  }
  const events: StreamEvent[] = [{ type: 'start', id: newBedrockResponseId(), model: context.model, created: context.now }];
  const issuer = reasoningIssuer(context.model);
  let toolCalls = 0;
  for (const block of response.content) {
    switch (block.kind) {
      case 'text':
        if (block.text) events.push({ type: 'text', choice: 0, delta: block.text });
        break;
      case 'reasoning':
        if (block.text) events.push({ type: 'reasoning', choice: 0, delta: block.text });
        if (block.signature !== undefined && issuer) events.push({ type: 'reasoning-signature', choice: 0, signature: { issuer, value: block.signature } });
        break;
      case 'redacted-reasoning':
        if (issuer) events.push({ type: 'redacted-reasoning', choice: 0, data: block.data, issuer });
        break;
      case 'toolUse': {
        const index = toolCalls++;
        events.push(
          { type: 'tool-call-start', choice: 0, index, id: block.toolUseId, name: block.name },
          { type: 'tool-call-args', choice: 0, index, delta: JSON.stringify(block.input) },
        );
        break;
      }
    }
  }
  events.push(
    { type: 'finish', choice: 0, reason: mapBedrockStopReason(response.stopReason, response.stopSequence) },
    { type: 'usage', usage: mapBedrockUsage(response.usage) },
  );
  return events;
}
