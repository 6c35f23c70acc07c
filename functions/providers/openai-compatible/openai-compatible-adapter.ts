import type { ProviderAdapter } from '../provider-adapter.ts';
import type { ProviderDefinition } from '../provider-registry.ts';
import { buildOpenAICompatibleCallRequest } from './build-openai-compatible-call-request.ts';
import { parseOpenAICompatibleResponse } from './parse-openai-compatible-response.ts';
import { createOpenAICompatibleStreamTranslator } from './parse-openai-compatible-stream.ts';
import { parseOpenAIErrorBody } from './parse-openai-error.ts';

/** One adapter per OpenAI-compatible provider: the same translators, that provider's quirks. */
export function createOpenAICompatibleAdapter(provider: ProviderDefinition): ProviderAdapter {
  const quirks = provider.quirks ?? { maxTokensParam: 'either', streamOptions: true };
  return {
    buildRequest: (call, context) => buildOpenAICompatibleCallRequest(call, context, quirks),
    parseChatResponse: (body, context) => parseOpenAICompatibleResponse(body, context, provider.id),
    createStreamTranslator: (context) => createOpenAICompatibleStreamTranslator(context, provider.id),
    parseErrorBody: parseOpenAIErrorBody,
  };
}
