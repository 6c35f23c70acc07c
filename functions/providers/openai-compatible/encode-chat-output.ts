/**
 * What the call wants back as Chat Completions fields: the format, the output limit, how many
 * answers, the stop sequences, the log-probabilities. Defaults are not written (a text format, one
 * answer, no stop), as an OpenAI client leaves them out.
 */
import type { ChatRequest, ChatResponseFormat } from '../../ingress/openai-chat/chat-request-schema.ts';
import type { OutputFormat, OutputSpec } from '../../core/output.ts';
import { clampMaxTokens } from '../clamp-max-tokens.ts';

export type ChatOutputFields = Partial<Pick<ChatRequest, 'response_format' | 'max_completion_tokens' | 'n' | 'stop' | 'logprobs' | 'top_logprobs'>>;

/**
 * The limit is OpenAI's `max_completion_tokens` (renamed for providers that know only `max_tokens`
 * as the request is finished), lowered to the model's own when above it: an Anthropic caller must
 * name a limit and often names Claude's, which an OpenAI-compatible model may refuse.
 */
export function encodeChatOutput(output: OutputSpec, maxOutputTokens: number | undefined): ChatOutputFields {
  const format = encodeFormat(output.format);
  const maxTokens = clampMaxTokens(output.maxTokens, maxOutputTokens);
  return {
    ...(format !== undefined && { response_format: format }),
    ...(maxTokens !== undefined && { max_completion_tokens: maxTokens }),
    ...(output.choices !== 1 && { n: output.choices }),
    ...(output.stop.length > 0 && { stop: output.stop }),
    ...(output.logprobs !== undefined && { logprobs: true, ...(output.logprobs.top !== undefined && { top_logprobs: output.logprobs.top }) }),
  };
}

function encodeFormat(format: OutputFormat): ChatResponseFormat | undefined {
  switch (format.type) {
    case 'text':
      return undefined;
    case 'json':
      return { type: 'json_object' };
    case 'json-schema': {
      const { name, description, schema, strict } = format;
      return {
        type: 'json_schema',
        json_schema: {
          name,
          ...(description !== undefined && { description }),
          ...(schema !== undefined && { schema }),
          ...(strict !== undefined && { strict }),
        },
      };
    }
  }
}
