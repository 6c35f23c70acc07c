import type { Dialect } from '../../core/call.ts';
import type { ProviderAdapter } from '../provider-adapter.ts';
import type { ProviderDefinition } from '../provider-registry.ts';
import { buildNativeResponsesRequest } from './build-native-responses-request.ts';
import { buildOpenAICompatibleCallRequest } from './build-openai-compatible-call-request.ts';
import { parseOpenAICompatibleResponse } from './parse-openai-compatible-response.ts';
import { mayHoldUsageOrError } from './may-hold-usage-or-error.ts';
import { createOpenAICompatibleStreamTranslator } from './parse-openai-compatible-stream.ts';
import { parseOpenAIErrorBody } from './parse-openai-error.ts';
import { parseResponsesResponse } from './parse-responses-response.ts';
import { createResponsesStreamTranslator } from './parse-responses-stream.ts';

/**
 * The Responses events that can hold what a passed-on stream's records read (its usage, its end,
 * an error): the response's end, whichever way it ended, and the `error` event. The rest (the
 * content's deltas, the output items and parts announced and done) are content.
 */
const RESPONSES_RECORD_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/**
 * The Responses events that restate the response as it starts, echoing the request's instructions
 * and tools (kilobytes for a coding agent's): none can begin the content, fail or end the stream.
 */
const RESPONSES_RESTATEMENTS = new Set(['response.created', 'response.in_progress', 'response.queued']);

/**
 * One adapter per OpenAI-compatible provider: the same translators, that provider's quirks. A call
 * from the Responses door goes to a provider that serves the Responses API itself as the client
 * wrote it (native, its answer read as Responses); every other call is a Chat Completions request,
 * native for OpenAI itself (`chatApi`). Errors answered over HTTP have OpenAI's one shape on both
 * APIs.
 */
export function createOpenAICompatibleAdapter(provider: ProviderDefinition): ProviderAdapter {
  const quirks = provider.quirks ?? { maxTokensParam: 'either', streamOptions: true };
  const responses = provider.responsesApi;
  const nativeDialects: Dialect[] = [];
  if (responses) nativeDialects.push('openai-responses');
  if (provider.chatApi) nativeDialects.push('openai-chat');
  return {
    buildRequest: (call, context) =>
      responses && call.origin.dialect === 'openai-responses' && !context.translated
        ? buildNativeResponsesRequest(call, context, provider.id, responses)
        : buildOpenAICompatibleCallRequest(call, context, quirks),
    nativeDialects,
    parseChatResponse: (body, context) =>
      responses && context.native === 'openai-responses'
        ? parseResponsesResponse(body, context, provider.id, responses)
        : parseOpenAICompatibleResponse(body, context, provider.id),
    createStreamTranslator: (context) =>
      responses && context.native === 'openai-responses'
        ? createResponsesStreamTranslator(context, provider.id, responses)
        : createOpenAICompatibleStreamTranslator(context, provider.id),
    // Of the Responses API's events, only the end and an error hold what the records read, and
    // before the content only the response's restatements are left unread (xAI's events, without
    // names, are all read); a Chat Completions chunk, by its text once the content has begun.
    holdsNothingForRecords: (message, context, contentBegun) => {
      if (context.native !== 'openai-responses') return contentBegun && message.data !== '[DONE]' && !mayHoldUsageOrError(message.data);
      if (message.event === undefined) return false;
      return contentBegun ? !RESPONSES_RECORD_EVENTS.has(message.event) : RESPONSES_RESTATEMENTS.has(message.event);
    },
    parseErrorBody: parseOpenAIErrorBody,
  };
}
