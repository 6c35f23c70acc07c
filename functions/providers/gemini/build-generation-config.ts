/**
 * The call's sampling, output and reasoning options as Gemini's `generationConfig`. Options the
 * caller did not set are left out, so Gemini's per-model defaults apply. An output limit above the
 * model's (Claude Code always asks for 32000) is lowered to it rather than refused.
 */
import type { Call } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { BuildContext } from '../provider-adapter.ts';
import type { GeminiGenerationConfig } from './gemini-api-types.ts';
import { convertReasoning } from './convert-reasoning.ts';
import { stripUnsupportedSchemaKeywords } from './strip-unsupported-schema-keywords.ts';
import { clampMaxTokens } from '../clamp-max-tokens.ts';

/** Gemini's documented limit; other APIs' requests may carry more. */
const MAX_STOP_SEQUENCES = 5;

export function buildGenerationConfig(call: Call, { model, maxOutputTokens }: Pick<BuildContext, 'model' | 'maxOutputTokens'>): GeminiGenerationConfig | undefined {
  const { output, sampling } = call;
  const config: GeminiGenerationConfig = {};

  const maxTokens = clampMaxTokens(output.maxTokens, maxOutputTokens);
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  if (sampling.temperature !== undefined) config.temperature = sampling.temperature;
  if (sampling.topP !== undefined) config.topP = sampling.topP;
  if (sampling.topK !== undefined) config.topK = sampling.topK;
  if (output.stop.length > MAX_STOP_SEQUENCES) {
    throw invalidRequest(`Gemini accepts at most ${MAX_STOP_SEQUENCES} stop sequences; this request has ${output.stop.length}.`, 'stop');
  }
  if (output.stop.length > 0) config.stopSequences = output.stop;
  // One answer is Gemini's default: only more are asked for.
  if (output.choices !== 1) config.candidateCount = output.choices;
  if (sampling.seed !== undefined) config.seed = sampling.seed;
  if (sampling.presencePenalty !== undefined) config.presencePenalty = sampling.presencePenalty;
  if (sampling.frequencyPenalty !== undefined) config.frequencyPenalty = sampling.frequencyPenalty;

  // Gemini's pair: `responseLogprobs` switches them on, `logprobs` asks for alternatives.
  if (output.logprobs) {
    config.responseLogprobs = true;
    if (output.logprobs?.top !== undefined) config.logprobs = output.logprobs.top;
  }

  const format = output.format;
  if (format.type === 'json') config.responseMimeType = 'application/json';
  if (format.type === 'json-schema') {
    config.responseMimeType = 'application/json';
    // `responseJsonSchema` takes JSON Schema; `responseSchema` only an OpenAPI 3.0 subset.
    if (format.schema) config.responseJsonSchema = stripUnsupportedSchemaKeywords(format.schema, 'response_format.json_schema.schema');
  }

  const thinkingConfig = convertReasoning(model, call.reasoning);
  if (thinkingConfig) config.thinkingConfig = thinkingConfig;

  return Object.keys(config).length > 0 ? config : undefined;
}
