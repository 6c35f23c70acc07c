/**
 * OpenAI-compatible providers get an OpenAI client's request nearly as sent: the model name becomes
 * the provider's, gateway-only fields are removed, and the provider's quirks are applied
 * (finish-openai-compatible-request.ts).
 */
import type { ChatMessage, ChatRequest } from '../../ingress/openai-chat/chat-request-schema.ts';
import type { BuildContext, UpstreamRequest } from '../provider-adapter.ts';
import type { OpenAICompatibleQuirks } from '../provider-registry.ts';
import { finishOpenAICompatibleRequest } from './finish-openai-compatible-request.ts';

export function buildOpenAICompatibleRequest(
  request: ChatRequest,
  context: BuildContext,
  quirks: OpenAICompatibleQuirks,
): UpstreamRequest {
  const { stream: _stream, stream_options: streamOptions, ...rest } = request;
  return finishOpenAICompatibleRequest({ ...rest, messages: request.messages.map(toUpstreamMessage) }, context, quirks, streamOptions);
}

/**
 * Strips what only the gateway or another provider understands: Gemini's thought signatures on
 * tool calls, and the reasoning text the gateway added to earlier answers (OpenAI rejects unknown
 * message fields; DeepSeek rejects `reasoning_content` in input).
 */
function toUpstreamMessage(message: ChatMessage): ChatMessage {
  if (message.role !== 'assistant') return message;
  const { reasoning_content: _reasoning, tool_calls: toolCalls, ...rest } = message;
  if (!toolCalls) return rest;
  return { ...rest, tool_calls: toolCalls.map(({ extra_content: _extra, ...call }) => call) };
}
