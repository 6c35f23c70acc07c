/**
 * Where a provider's errors enter the gateway: every string it reported (message, type, code,
 * param, the `x-amzn-errortype` header, an error inside a 200 or inside a stream) leaves the
 * adapter scrubbed of keys, so nothing built from it downstream can carry one: the client's
 * answer, a stream's error frame, `x-switchyard-route`, logs, job records, callbacks. The
 * answer's content is the model's and passes untouched.
 */
import type { StreamEvent } from '../core/stream-event.ts';
import { CallError } from '../core/call-error.ts';
import type { Redact } from '../http/redact-secrets.ts';
import type { ProviderAdapter, StreamTranslator, UpstreamErrorInfo } from './provider-adapter.ts';

export function scrubProviderErrors(adapter: ProviderAdapter, redact: Redact): ProviderAdapter {
  const scrubEvents = (events: StreamEvent[]): StreamEvent[] =>
    events.some((event) => event.type === 'error') ? events.map((event) => (event.type === 'error' ? { type: 'error', error: event.error.redacted(redact) } : event)) : events;
  const scrubThrown = (error: unknown): unknown => (error instanceof CallError ? error.redacted(redact) : error);

  return {
    ...adapter,
    parseErrorBody: (body, headers) => scrubErrorInfo(adapter.parseErrorBody(body, headers), redact),
    parseChatResponse(body, context) {
      try {
        return scrubEvents(adapter.parseChatResponse(body, context));
      } catch (error) {
        throw scrubThrown(error);
      }
    },
    createStreamTranslator(context): StreamTranslator {
      const translator = adapter.createStreamTranslator(context);
      return {
        push(message) {
          try {
            return scrubEvents(translator.push(message));
          } catch (error) {
            throw scrubThrown(error);
          }
        },
        end() {
          try {
            return scrubEvents(translator.end());
          } catch (error) {
            throw scrubThrown(error);
          }
        },
      };
    },
  };
}

function scrubErrorInfo(info: UpstreamErrorInfo, redact: Redact): UpstreamErrorInfo {
  const scrubbed: UpstreamErrorInfo = { ...info };
  for (const field of ['message', 'type', 'code', 'param'] as const) {
    const value = info[field];
    if (value !== undefined) scrubbed[field] = redact(value);
  }
  return scrubbed;
}
