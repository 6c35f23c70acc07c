/**
 * Google's Gemini API (`generateContent`, `streamGenerateContent?alt=sse`) for the gateway's neutral
 * call, whichever front door it came through. Each job lives in its own file; this only wires them
 * together.
 */
import type { ProviderAdapter } from '../provider-adapter.ts';
import { buildGeminiRequest } from './build-gemini-request.ts';
import { parseGeminiErrorBody } from './parse-gemini-error.ts';
import { parseGeminiResponse } from './parse-gemini-response.ts';
import { createGeminiStreamTranslator } from './parse-gemini-stream.ts';

export const geminiAdapter: ProviderAdapter = {
  buildRequest: buildGeminiRequest,
  parseChatResponse: parseGeminiResponse,
  createStreamTranslator: createGeminiStreamTranslator,
  parseErrorBody: parseGeminiErrorBody,
};
