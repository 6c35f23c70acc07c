/**
 * What a request needs of a model: the capabilities its content and parameters use, and room in
 * the context window for its prompt and its answer.
 */
import type { Capability } from '../catalog/catalog-schema.ts';
import type { ChatRequest } from '../chat/chat-request-schema.ts';

export interface RequestNeeds {
  capabilities: ReadonlySet<Capability>;
  /** Estimated prompt tokens plus the output the request reserves. */
  contextTokens: number;
  /** The output the request reserves (`max_completion_tokens` or `max_tokens`), 0 when it sets none. */
  outputTokens: number;
}

const PART_CAPABILITY: Readonly<Record<string, Capability>> = { image_url: 'vision', input_audio: 'audio', file: 'pdf' };

export function requestNeeds(request: ChatRequest, promptTokens: number): RequestNeeds {
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
