/**
 * Anthropic's Messages API for any call, translated from the neutral call, and the response
 * translators into the unified events. Each in its own file beside this one.
 */
import type { ProviderAdapter } from '../provider-adapter.ts';
import { buildAnthropicRequest } from './build-anthropic-request.ts';
import { parseAnthropicErrorBody } from './parse-anthropic-error.ts';
import { parseAnthropicResponse } from './parse-anthropic-response.ts';
import { createAnthropicStreamTranslator } from './parse-anthropic-stream.ts';

export const anthropicAdapter: ProviderAdapter = {
  buildRequest: buildAnthropicRequest,
  parseChatResponse: parseAnthropicResponse,
  createStreamTranslator: createAnthropicStreamTranslator,
  parseErrorBody: parseAnthropicErrorBody,
};
