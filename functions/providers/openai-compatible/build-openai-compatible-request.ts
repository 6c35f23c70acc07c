/**
 * OpenAI-compatible providers get the client's request nearly as sent: the model name becomes
 * the provider's, gateway-only fields are removed, and the few known departures from OpenAI's
 * format (see provider-registry.ts) are applied. Usage is always requested, so every stream
 * reports what it cost even when the client did not ask to see it.
 */
import type { ChatMessage, ChatRequest } from '../../chat/chat-request-schema.ts';
import type { BuildContext, UpstreamRequest } from '../provider-adapter.ts';
import type { OpenAICompatibleQuirks } from '../provider-registry.ts';

export function buildOpenAICompatibleRequest(
  request: ChatRequest,
  context: BuildContext,
  quirks: OpenAICompatibleQuirks,
): UpstreamRequest {
  const { stream: _stream, stream_options: streamOptions, ...rest } = request;
  const body: Record<string, unknown> = {
    ...rest,
    model: context.model,
    messages: request.messages.map(toUpstreamMessage),
  };

  if (context.stream) {
    body.stream = true;
    if (quirks.streamOptions) body.stream_options = { ...streamOptions, include_usage: true };
  }
  if (quirks.maxTokensParam === 'max_tokens' && body.max_completion_tokens != null) {
    body.max_tokens = body.max_completion_tokens;
    delete body.max_completion_tokens;
  }
  for (const [from, to] of Object.entries(quirks.renamedParams ?? {})) {
    if (from in body) {
      body[to] = body[from];
      delete body[from];
    }
  }
  if (quirks.requiredToolChoice && body.tool_choice === 'required') body.tool_choice = quirks.requiredToolChoice;

  return {
    url: `${context.baseUrl}/chat/completions`,
    headers: { authorization: `Bearer ${context.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
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
