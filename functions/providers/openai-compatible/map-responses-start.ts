import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext } from '../provider-adapter.ts';
import type { ResponsesResponse } from './responses-api-types.ts';

/** The `start` event from a response's id, model, creation time and tier. */
export const mapResponsesStart = (response: ResponsesResponse, context: ResponseContext): StreamEvent => ({
  type: 'start',
  id: response.id || `resp_${crypto.randomUUID().replaceAll('-', '')}`,
  model: response.model ?? context.model,
  created: response.created_at ?? context.now,
  ...(response.service_tier ? { serviceTier: response.service_tier } : {}),
});
