import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext } from '../provider-adapter.ts';
import type { OpenAIResponseHead } from './openai-api-types.ts';

/** The `start` event from a completion's or a first chunk's id, model, time and tier. */
export const mapOpenAIStart = (head: OpenAIResponseHead, context: ResponseContext): StreamEvent => ({
  type: 'start',
  id: head.id ?? `chatcmpl-${crypto.randomUUID()}`,
  model: head.model ?? context.model,
  created: head.created ?? context.now,
  ...(head.system_fingerprint ? { systemFingerprint: head.system_fingerprint } : {}),
  ...(head.service_tier ? { serviceTier: head.service_tier } : {}),
});
