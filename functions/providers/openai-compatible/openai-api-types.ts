/**
 * The parts of OpenAI's Chat Completions response format the gateway reads, with the variants
 * OpenAI-compatible providers send (`reasoning` for `reasoning_content`, tool-call deltas without
 * `index`, DeepSeek's cache counters). Everything is optional: providers omit freely.
 */
import type { TokenLogprob } from '../../core/stream-event.ts';

export interface OpenAIUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek reports cache hits here, not in `prompt_tokens_details`. */
  prompt_cache_hit_tokens?: number | null;
}

export interface OpenAIToolCallDelta {
  index?: number;
  id?: string | null;
  type?: string;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export interface OpenAIDelta {
  role?: string | null;
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  refusal?: string | null;
  tool_calls?: OpenAIToolCallDelta[] | null;
}

export interface OpenAILogprobs {
  content?: TokenLogprob[] | null;
}

/** What a completion and every chunk of a stream carry about the answer as a whole. */
export interface OpenAIResponseHead {
  id?: string;
  created?: number;
  model?: string;
  system_fingerprint?: string | null;
  service_tier?: string | null;
}

export interface OpenAIChunk extends OpenAIResponseHead {
  choices?: Array<{
    index?: number;
    delta?: OpenAIDelta | null;
    finish_reason?: string | null;
    logprobs?: OpenAILogprobs | null;
  }>;
  usage?: OpenAIUsage | null;
  error?: OpenAIErrorObject;
}

export interface OpenAIMessage extends Omit<OpenAIDelta, 'tool_calls'> {
  tool_calls?: Array<OpenAIToolCallDelta & { id: string }> | null;
}

export interface OpenAICompletion extends OpenAIResponseHead {
  choices?: Array<{
    index?: number;
    message?: OpenAIMessage | null;
    finish_reason?: string | null;
    logprobs?: OpenAILogprobs | null;
  }>;
  usage?: OpenAIUsage | null;
}

export interface OpenAIErrorObject {
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | number | null;
}
