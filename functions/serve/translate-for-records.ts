/**
 * The translator of a native stream a door passes on as sent (ServeContext.passThrough). The client
 * gets the provider's own messages; the events are read for the records only (usage, an error,
 * the stream's end), so the messages the adapter says hold nothing for them
 * (`holdsNothingForRecords`: a content delta once the content has begun) are not translated.
 * Parsing every message is most of what translating a stream costs (docs/benchmarks.md). Up to
 * the first content the adapter leaves unread only what cannot begin it, as the door's answer
 * begins with it; and every message not even shaped as a JSON object, which every dialect's
 * messages are, is translated, so that the translator reports an unreadable one as it would in a
 * stream translated whole (the stream then ends, the message scrubbed).
 *
 * So of the events it makes, only the usage, the errors and the content's beginning are what a
 * stream translated whole would make: the rest may be missing or partial (a finish reason that did
 * not see a tool call, a start without the provider's id and model), and nothing may read them.
 */
import { looksLikeJsonObject } from '../core/is-json-object.ts';
import { isContentOrError } from '../core/stream-event.ts';
import type { ProviderAdapter, ResponseContext, StreamTranslator } from '../providers/provider-adapter.ts';

export function translateForRecords(
  adapter: Pick<ProviderAdapter, 'createStreamTranslator' | 'holdsNothingForRecords' | 'beginsAnswer'>,
  context: ResponseContext,
): StreamTranslator {
  if (!adapter.holdsNothingForRecords) return adapter.createStreamTranslator(context);
  const translator = adapter.createStreamTranslator({ ...context, forRecords: true });
  let contentBegun = false;
  return {
    push(message) {
      if (looksLikeJsonObject(message.data) && adapter.holdsNothingForRecords?.(message, context, contentBegun)) return [];
      const events = translator.push(message);
      // The answer has begun with content, or with a message the adapter says begins it (serve-call.ts hands the stream on there too).
      contentBegun ||= events.some(isContentOrError) || adapter.beginsAnswer?.(message, context) === true;
      return events;
    },
    end: () => translator.end(),
  };
}
