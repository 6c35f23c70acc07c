/** A finished answer rendered as OpenAI's `chat.completion`, the non-streaming response body. */
import type { ToolCallExtra, TokenLogprob } from '../../core/stream-event.ts';
import { toOpenAIUsage, type OpenAIUsageObject } from './to-openai-usage.ts';
import type { CallResult, ResultChoice } from '../../core/collect-result.ts';
import type { ToolCallPart } from '../../core/parts.ts';

interface CompletionToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  extra_content?: ToolCallExtra;
}

interface CompletionChoice {
  index: number;
  message: {
    role: 'assistant';
    content: string | null;
    refusal: string | null;
    reasoning_content?: string;
    tool_calls?: CompletionToolCall[];
  };
  logprobs: { content: TokenLogprob[] } | null;
  finish_reason: string | null;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: CompletionChoice[];
  usage?: OpenAIUsageObject;
  system_fingerprint?: string;
  service_tier?: string;
}

/** `modelName` turns the provider's model name into the one the caller sees (`provider/<model>`). */
export function encodeFinal(result: CallResult, modelName: (upstreamModel: string) => string): ChatCompletion {
  return {
    id: result.id,
    object: 'chat.completion',
    created: result.created,
    model: modelName(result.model),
    choices: result.choices.map(encodeChoice),
    ...(result.systemFingerprint && { system_fingerprint: result.systemFingerprint }),
    ...(result.serviceTier && { service_tier: result.serviceTier }),
    // Last, where it has always been in the stored and delivered bodies.
    ...(result.usage && { usage: toOpenAIUsage(result.usage) }),
  };
}

function encodeChoice(choice: ResultChoice): CompletionChoice {
  return {
    index: choice.index,
    message: {
      role: 'assistant',
      content: choice.text,
      refusal: choice.refusal,
      ...(choice.reasoning !== null && { reasoning_content: choice.reasoning }),
      ...(choice.toolCalls.length > 0 && { tool_calls: choice.toolCalls.map(encodeToolCall) }),
    },
    logprobs: choice.logprobs ? { content: choice.logprobs } : null,
    finish_reason: choice.finish?.unified ?? null,
  };
}

function encodeToolCall(call: ToolCallPart): CompletionToolCall {
  return {
    id: call.id,
    type: 'function',
    // Clients parse tool arguments as JSON: a call the provider sent without any is `{}`.
    function: { name: call.name, arguments: call.arguments === '' ? '{}' : call.arguments },
    // A Gemini signature goes back to the client where Gemini's OpenAI endpoint puts it, for the next turn.
    ...(call.signature?.issuer === 'gemini' && { extra_content: { google: { thought_signature: call.signature.value } } }),
  };
}
