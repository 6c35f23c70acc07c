import type { OutputFormat } from '../../core/output.ts';
import type { AnthropicOutputConfig } from './anthropic-api-types.ts';
import { supportsStructuredOutputs } from './claude-model-version.ts';

/** Anthropic has no JSON mode without a schema, so the model is asked in the system prompt. */
export const JSON_OBJECT_INSTRUCTION =
  'Respond with a single JSON object and nothing else: no prose before or after it, no code fences.';

export interface AnthropicResponseFormatSettings {
  /** Text to append to the system prompt. */
  systemInstruction?: string;
  output_config?: AnthropicOutputConfig;
}

/**
 * The output format in Anthropic's terms. A JSON schema uses structured outputs
 * (`output_config.format`, generally available without a beta header, Claude 4.5 and later),
 * which constrain the answer's text itself, so the response needs no translating back. Older
 * models are asked in the system prompt, with the schema.
 */
export function convertAnthropicResponseFormat(format: OutputFormat, model: string): AnthropicResponseFormatSettings {
  if (format.type === 'json-schema' && format.schema) {
    if (supportsStructuredOutputs(model)) {
      return { output_config: { format: { type: 'json_schema', schema: format.schema } } };
    }
    return { systemInstruction: `${JSON_OBJECT_INSTRUCTION} It must match this JSON Schema: ${JSON.stringify(format.schema)}` };
  }
  if (format.type === 'json' || format.type === 'json-schema') return { systemInstruction: JSON_OBJECT_INSTRUCTION };
  return {};
}
