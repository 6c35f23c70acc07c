/**
 * Google's Gemini API (`generateContent`, `streamGenerateContent?alt=sse`) behind the gateway's
 * OpenAI-compatible interface. Each job lives in its own file; this only wires them together.
 */
import { chatBodyOf } from '../chat-body-of.ts';
import type { ProviderAdapter } from '../provider-adapter.ts';
import { buildGeminiRequest } from './build-gemini-request.ts';
import { parseGeminiErrorBody } from './parse-gemini-error.ts';
import { parseGeminiResponse } from './parse-gemini-response.ts';
import { createGeminiStreamTranslator } from './parse-gemini-stream.ts';

export const geminiAdapter: ProviderAdapter = {
  buildRequest: (call, context) => buildGeminiRequest(chatBodyOf(call), context),
  parseChatResponse: parseGeminiResponse,
  createStreamTranslator: createGeminiStreamTranslator,
  parseErrorBody: parseGeminiErrorBody,
};
