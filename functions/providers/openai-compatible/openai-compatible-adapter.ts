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
import { beginsUnmodeledItem, createResponsesStreamTranslator, responsesEventHoldsNothingForRecords } from './parse-responses-stream.ts';

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
    // A Responses event by its name; a Chat Completions chunk by its text, once the content has begun.
    holdsNothingForRecords: (message, context, contentBegun) =>
      context.native === 'openai-responses'
        ? responsesEventHoldsNothingForRecords(message.event, contentBegun)
        : contentBegun && message.data !== '[DONE]' && !mayHoldUsageOrError(message.data),
    beginsAnswer: (message, context) => context.native === 'openai-responses' && beginsUnmodeledItem(message),
    parseErrorBody: parseOpenAIErrorBody,
  };
}
