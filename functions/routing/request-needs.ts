/**
 * What a call needs of a model: the capabilities its content and parameters use, and room in the
 * context window for its prompt and its answer (filter-candidates.ts checks both).
 */
import type { Capability } from '../catalog/catalog-schema.ts';
import type { Call } from '../core/call.ts';
import type { DocumentPart, ImagePart, NativePart, UserPart } from '../core/parts.ts';
import type { PromptTokenEstimate } from './estimate-prompt-tokens.ts';
import { CHEAP_ESTIMATE_MAX_OVERCOUNT } from './estimate-tokens-cheaply.ts';

export interface RequestNeeds {
  capabilities: ReadonlySet<Capability>;
  /**
   * The prompt's tokens. When the prompt was counted by the cheap estimate (an instance's first
   * requests), its low end: a model is refused a prompt only when it surely does not fit, never
   * because the instance is cold.
   */
  promptTokens: number;
  /** The output the call reserves (the caller's limit), 0 when it sets none. */
  outputTokens: number;
}

const PART_CAPABILITY: Readonly<Partial<Record<UserPart['type'], Capability>>> = { image: 'vision', audio: 'audio', document: 'pdf' };

export function requestNeeds(call: Pick<Call, 'messages' | 'tools' | 'output'>, prompt: Pick<PromptTokenEstimate, 'total' | 'estimated'>): RequestNeeds {
  const promptTokens = prompt.estimated ? Math.floor(prompt.total / CHEAP_ESTIMATE_MAX_OVERCOUNT) : prompt.total;
  const capabilities = new Set<Capability>();
  if (call.tools.length > 0 || call.messages.some((message) => message.role === 'tool')) capabilities.add('tools');
  if (call.output.format.type === 'json-schema') capabilities.add('json_schema');
  const need = (part: UserPart | ImagePart | DocumentPart) => {
    const capability = part.type === 'native' ? nativeCapability(part) : PART_CAPABILITY[part.type];
    if (capability) capabilities.add(capability);
  };
  for (const message of call.messages) {
    if (message.role === 'user') message.content.forEach(need);
    // What a tool returns is read like what the user sends: an image in a result needs vision.
    else if (message.role === 'tool') for (const result of message.content) result.content.forEach(need);
  }
  return { capabilities, promptTokens, outputTokens: call.output.maxTokens ?? 0 };
}

/** An OpenAI file part the decoder kept whole (base64 without a media type) is a document all the same. */
const nativeCapability = (part: NativePart): Capability | undefined => (part.dialect === 'openai-chat' && part.block['type'] === 'file' ? 'pdf' : undefined);
