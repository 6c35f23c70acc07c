/**
 * What a request needs of a model: the capabilities its content and parameters use, and room in
 * the context window for its prompt and its answer.
 */
import type { Capability } from '../catalog/catalog-schema.ts';
import type { ChatRequest } from '../chat/chat-request-schema.ts';
import type { PromptTokenEstimate } from './estimate-prompt-tokens.ts';
import { CHEAP_ESTIMATE_MAX_OVERCOUNT } from './estimate-tokens-cheaply.ts';

export interface RequestNeeds {
  capabilities: ReadonlySet<Capability>;
  /**
   * Prompt tokens plus the output the request reserves. When the prompt was counted by the cheap
   * estimate (an instance's first requests), its low end: a model is refused a prompt only when it
   * surely does not fit, never because the instance is cold.
   */
  contextTokens: number;
  /** The output the request reserves (`max_completion_tokens` or `max_tokens`), 0 when it sets none. */
  outputTokens: number;
}

const PART_CAPABILITY: Readonly<Record<string, Capability>> = { image_url: 'vision', input_audio: 'audio', file: 'pdf' };

export function requestNeeds(request: ChatRequest, prompt: Pick<PromptTokenEstimate, 'total' | 'estimated'>): RequestNeeds {
  const promptTokens = prompt.estimated ? Math.floor(prompt.total / CHEAP_ESTIMATE_MAX_OVERCOUNT) : prompt.total;
  const capabilities = new Set<Capability>();
  if ((request.tools?.length ?? 0) > 0 || request.messages.some((message) => message.role === 'tool')) capabilities.add('tools');
  if (request.response_format?.type === 'json_schema') capabilities.add('json_schema');
  for (const message of request.messages) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      const capability = PART_CAPABILITY[part.type];
      if (capability) capabilities.add(capability);
    }
  }
  const reservedOutput = request.max_completion_tokens ?? request.max_tokens ?? 0;
  return { capabilities, contextTokens: promptTokens + reservedOutput, outputTokens: reservedOutput };
}
