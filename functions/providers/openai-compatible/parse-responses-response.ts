/**
 * A whole Responses API answer (`object: "response"`) as events: its output items in order, then
 * how it ended and its usage. A failed response is its error; one that has not ended (queued, in
 * progress: background mode, which a gateway that stores nothing upstream never asks for) is an
 * answer the gateway cannot read.
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext } from '../provider-adapter.ts';
import type { ResponsesApi } from '../provider-registry.ts';
import { upstreamBadResponse } from '../upstream/upstream-errors.ts';
import type { ResponsesResponse } from './responses-api-types.ts';
import { functionCallStart, messageEvents, reasoningClose, reasoningText } from './map-responses-items.ts';
import { mapResponsesFinish } from './map-responses-finish.ts';
import { mapResponsesStart } from './map-responses-start.ts';
import { mapResponsesUsage } from './map-responses-usage.ts';
import { responsesReportedError } from './responses-reported-error.ts';

export function parseResponsesResponse(body: unknown, context: ResponseContext, provider: string, api: ResponsesApi): StreamEvent[] {
  if (!isJsonObject(body) || !Array.isArray(body['output'])) throw upstreamBadResponse(provider, 'the response has no output list');
  const response = body as ResponsesResponse;
  const events: StreamEvent[] = [mapResponsesStart(response, context)];
  const usage: StreamEvent[] = response.usage ? [{ type: 'usage', usage: mapResponsesUsage(response.usage) }] : [];
  if (response.status === 'failed') return [...events, ...usage, { type: 'error', error: responsesReportedError(provider, response.error) }];
  if (response.status !== undefined && response.status !== 'completed' && response.status !== 'incomplete') {
    return [...events, { type: 'error', error: upstreamBadResponse(provider, `the response has not ended (status ${response.status.slice(0, 40)})`) }];
  }

  let toolCalls = 0;
  for (const item of response.output ?? []) {
    if (item.type === 'message') events.push(...messageEvents(item));
    else if (item.type === 'reasoning') {
      const text = reasoningText(item);
      if (text) events.push({ type: 'reasoning', choice: 0, delta: text });
      events.push(...reasoningClose(item, api.reasoningIssuer, text !== ''));
    } else if (item.type === 'function_call') {
      const index = toolCalls++;
      events.push(functionCallStart(item, index));
      if (item.arguments) events.push({ type: 'tool-call-args', choice: 0, index, delta: item.arguments });
    }
  }
  events.push({ type: 'finish', choice: 0, reason: mapResponsesFinish(response, toolCalls > 0) }, ...usage);
  return events;
}
