/**
 * The request's sampling, output and reasoning options as Gemini's `generationConfig`. Options the
 * client did not set are left out, so Gemini's per-model defaults apply.
 */
import type { ChatRequest } from '../../chat/chat-request-schema.ts';
import { requestedMaxTokens, stopSequences } from '../../chat/request-options.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { GeminiGenerationConfig } from './gemini-api-types.ts';
import { convertReasoningEffort } from './convert-reasoning-effort.ts';
import { stripUnsupportedSchemaKeywords } from './strip-unsupported-schema-keywords.ts';

/** Gemini's documented limit; OpenAI-compatible requests may carry more. */
const MAX_STOP_SEQUENCES = 5;

export function buildGenerationConfig(request: ChatRequest, model: string): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};

  const maxTokens = requestedMaxTokens(request);
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  const stop = stopSequences(request);
  if (stop.length > MAX_STOP_SEQUENCES) {
    throw invalidRequest(`Gemini accepts at most ${MAX_STOP_SEQUENCES} stop sequences; this request has ${stop.length}.`, 'stop');
  }
  if (stop.length > 0) config.stopSequences = stop;
  if (request.n != null) config.candidateCount = request.n;
  if (request.seed != null) config.seed = request.seed;
  if (request.presence_penalty != null) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty != null) config.frequencyPenalty = request.frequency_penalty;

  // OpenAI: `logprobs` switches them on, `top_logprobs` asks for alternatives. Gemini: the same pair.
  if (request.logprobs) {
    config.responseLogprobs = true;
    if (request.top_logprobs != null) config.logprobs = request.top_logprobs;
  }

  const format = request.response_format;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    // `responseJsonSchema` takes JSON Schema; `responseSchema` only an OpenAPI 3.0 subset.
    if (format.json_schema.schema) config.responseJsonSchema = stripUnsupportedSchemaKeywords(format.json_schema.schema, 'response_format.json_schema.schema');
  }

  const thinkingConfig = convertReasoningEffort(model, request.reasoning_effort);
  if (thinkingConfig) config.thinkingConfig = thinkingConfig;

  return Object.keys(config).length > 0 ? config : undefined;
}
