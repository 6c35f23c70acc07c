/**
 * Anthropic's Messages API behind the OpenAI Chat Completions interface: the request translator
 * and the response translators, each in its own file beside this one.
 */
import type { ProviderAdapter } from '../provider-adapter.ts';
import { ANTHROPIC_VERSION } from './anthropic-constants.ts';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.ts';
import { parseAnthropicErrorBody } from './parse-anthropic-error.ts';
import { parseAnthropicResponse } from './parse-anthropic-response.ts';
import { createAnthropicStreamTranslator } from './parse-anthropic-stream.ts';

export const anthropicAdapter: ProviderAdapter = {
  buildRequest(call, context) {
    return {
      url: `${context.baseUrl}/v1/messages`,
      headers: {
        'x-api-key': context.apiKey,
        'anthropic-version': ANTHROPIC_VERSION,
        'content-type': 'application/json',
      },
      body: JSON.stringify(convertToAnthropicRequest(call, context)),
    };
  },
  parseChatResponse: parseAnthropicResponse,
  createStreamTranslator: createAnthropicStreamTranslator,
  parseErrorBody: parseAnthropicErrorBody,
};
