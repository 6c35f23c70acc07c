/**
 * Anthropic's Messages API for any call: sent as written when it came through Anthropic's own door
 * (native mode), translated from the neutral call otherwise; and the response translators into the
 * unified events. Each in its own file beside this one.
 */
import type { ProviderAdapter } from '../provider-adapter.ts';
import { buildAnthropicRequest } from './build-anthropic-request.ts';
import { buildNativeAnthropicRequest } from './build-native-anthropic-request.ts';
import { parseAnthropicErrorBody } from './parse-anthropic-error.ts';
import { parseAnthropicResponse } from './parse-anthropic-response.ts';
import { createAnthropicStreamTranslator } from './parse-anthropic-stream.ts';

export const anthropicAdapter: ProviderAdapter = {
  buildRequest: (call, context) =>
    call.origin.dialect === 'anthropic-messages' ? buildNativeAnthropicRequest(call, context) : buildAnthropicRequest(call, context),
  nativeDialects: ['anthropic-messages'],
  parseChatResponse: parseAnthropicResponse,
  createStreamTranslator: createAnthropicStreamTranslator,
  // A content block's deltas: usage comes in message_start and message_delta, errors as `error`.
  holdsNothingForRecords: (message, _context, contentBegun) => contentBegun && message.event === 'content_block_delta',
  parseErrorBody: parseAnthropicErrorBody,
};
