/**
 * The input and output tokens a chat request will cost, before it is sent, for the router's price
 * estimate. Text is counted with o200k_base (GPT-4o and later); `inProviderTokens` converts the
 * count for models whose tokenizers differ.
 */
import type { ChatMessage, ChatRequest, ChatTool, ReasoningEffort } from '../chat/chat-request-schema.ts';
import { createTokenCounter, type TokenCounter } from './budgeted-token-counter.ts';
import { tokenizerFactor } from './tokenizer-factor.ts';

/**
 * OpenAI's documented chat overhead (cookbook "How to count tokens with tiktoken"): every message
 * costs 3 tokens besides its content, a `name` 1 more, and every reply is primed with 3.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

/**
 * Tool definitions: OpenAI renders them into the system prompt in a format it does not publish.
 * The cookbook's approximation for GPT-4o counts 7 tokens a function and 12 for the list; the
 * schema is counted here as its JSON, a little more than OpenAI's terser rendering.
 */
export const TOKENS_PER_TOOL = 7;
export const TOOLS_LIST_TOKENS = 12;
/** A tool call in an assistant message: its name and arguments plus a few tokens of framing. */
export const TOKENS_PER_TOOL_CALL = 3;

/**
 * Images, by OpenAI's tile rule for GPT-4o-class models: `detail: low` is a flat 85 tokens; high
 * detail is 85 + 170 per 512-px tile after scaling the image into 2048x2048 and its short side to
 * 768 px. The dimensions are unknown here (reading them would mean fetching or decoding the
 * image), so `high` and `auto` assume a square image: 768x768, 4 tiles, 765 tokens.
 */
export const IMAGE_TOKENS_LOW_DETAIL = 85;
export const IMAGE_TOKENS_HIGH_DETAIL = 765;

export interface PromptTokenEstimate {
  /** All input tokens in o200k terms: text, tool definitions, overhead and images. */
  total: number;
  /** The part a tokenizer factor applies to: everything but images. */
  textTokens: number;
  imageTokens: number;
  images: number;
  /** Audio and file parts, whose size cannot be told without decoding them; counted as 0. */
  unestimatedParts: number;
  /** Whether part of the text was extrapolated from a sample rather than tokenized. */
  extrapolated: boolean;
  /** Whether the text was counted by the cheap estimate (estimate-tokens-cheaply.ts), not the tokenizer. */
  estimated: boolean;
}

export interface PromptTokenOptions {
  /** Characters tokenized exactly before extrapolating; see budgeted-token-counter.ts. */
  exactCharBudget?: number;
}

/** The parts of a request that are input: messages, tool definitions and the response schema. */
export type PromptParts = Pick<ChatRequest, 'messages' | 'tools' | 'response_format'>;

interface Tally {
  text: number;
  imageTokens: number;
  images: number;
  unestimated: number;
}

export function estimatePromptTokens(request: PromptParts, options: PromptTokenOptions = {}): PromptTokenEstimate {
  const counter = createTokenCounter(options.exactCharBudget);
  const tally: Tally = { text: estimateDefinitionTokens(request, counter), imageTokens: 0, images: 0, unestimated: 0 };
  for (const message of request.messages) addMessage(message, counter, tally);
  tally.text += REPLY_PRIMING_TOKENS;
  return {
    total: tally.text + tally.imageTokens,
    textTokens: tally.text,
    imageTokens: tally.imageTokens,
    images: tally.images,
    unestimatedParts: tally.unestimated,
    extrapolated: counter.extrapolated,
    estimated: counter.estimated,
  };
}

/** One message's tokens, overhead and images included, with a counter shared across a request. */
export function estimateMessageTokens(message: ChatMessage, counter: TokenCounter): number {
  const tally: Tally = { text: 0, imageTokens: 0, images: 0, unestimated: 0 };
  addMessage(message, counter, tally);
  return tally.text + tally.imageTokens;
}

/** The tool definitions' and response schema's tokens: the prompt's head, before any message. */
export function estimateDefinitionTokens(request: Omit<PromptParts, 'messages'>, counter: TokenCounter): number {
  let tokens = 0;
  if (request.tools?.length) {
    tokens += TOOLS_LIST_TOKENS;
    for (const tool of request.tools) tokens += TOKENS_PER_TOOL + toolTokens(tool, counter);
  }
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    const { name, description, schema } = format.json_schema;
    tokens += counter.count(name) + counter.count(description ?? '') + counter.count(schema ? JSON.stringify(schema) : '');
  }
  return tokens;
}

function toolTokens(tool: ChatTool, counter: TokenCounter): number {
  const { name, description, parameters } = tool.function;
  return counter.count(name) + counter.count(description ?? '') + counter.count(parameters ? JSON.stringify(parameters) : '');
}

function addMessage(message: ChatMessage, counter: TokenCounter, tally: Tally): void {
  tally.text += TOKENS_PER_MESSAGE;
  if (message.role !== 'tool' && message.name) tally.text += TOKENS_PER_NAME + counter.count(message.name);
  switch (message.role) {
    case 'system':
    case 'developer':
    case 'tool':
      addTextContent(message.content, counter, tally);
      return;
    case 'user':
      if (typeof message.content === 'string') {
        tally.text += counter.count(message.content);
        return;
      }
      for (const part of message.content) {
        if (part.type === 'text') tally.text += counter.count(part.text);
        else if (part.type === 'image_url') {
          tally.images += 1;
          tally.imageTokens += part.image_url.detail === 'low' ? IMAGE_TOKENS_LOW_DETAIL : IMAGE_TOKENS_HIGH_DETAIL;
        } else tally.unestimated += 1;
      }
      return;
    case 'assistant': {
      const content = message.content;
      if (typeof content === 'string') tally.text += counter.count(content);
      else if (content) for (const part of content) tally.text += counter.count(part.type === 'text' ? part.text : part.refusal);
      if (message.refusal) tally.text += counter.count(message.refusal);
      for (const call of message.tool_calls ?? []) {
        tally.text += TOKENS_PER_TOOL_CALL + counter.count(call.function.name) + counter.count(call.function.arguments);
      }
      return;
    }
  }
}

function addTextContent(content: string | ReadonlyArray<{ text: string }>, counter: TokenCounter, tally: Tally): void {
  if (typeof content === 'string') tally.text += counter.count(content);
  else for (const part of content) tally.text += counter.count(part.text);
}

/** The estimate in a model's own tokens: text scaled by its tokenizer's factor, images as they are. */
export function inProviderTokens(estimate: PromptTokenEstimate, provider: string, model: string): number {
  return Math.ceil(estimate.textTokens * tokenizerFactor(provider, model)) + estimate.imageTokens;
}

// ---- Output ---------------------------------------------------------------------------------

/**
 * A typical answer's length when the client sets no limit: a few paragraphs. An assumption, to be
 * tuned from the gateway's own usage records.
 */
export const DEFAULT_TYPICAL_ANSWER_TOKENS = 400;

/**
 * Reasoning tokens a reasoning model is expected to spend per `reasoning_effort`, billed as output.
 * Assumptions of the right order of magnitude, not measurements; reasoning models think at
 * `medium` when the client names no effort.
 */
export const DEFAULT_REASONING_TOKENS: Readonly<Record<ReasoningEffort, number>> = {
  none: 0,
  minimal: 200,
  low: 1_000,
  medium: 3_000,
  high: 8_000,
  xhigh: 16_000,
};

export interface OutputTokenOptions {
  typicalAnswerTokens?: number;
  /** Whether the target model reasons: then its expected reasoning tokens are added. */
  reasoning?: boolean;
  reasoningTokens?: Readonly<Record<ReasoningEffort, number>>;
}

/**
 * Expected output tokens: a typical answer (plus expected reasoning, for a reasoning model),
 * capped by the client's limit, once per requested choice (`n`). An estimate of what will be
 * spent, not a bound: the bound is the limit itself.
 */
export function estimateOutputTokens(
  request: Pick<ChatRequest, 'max_completion_tokens' | 'max_tokens' | 'n' | 'reasoning_effort'>,
  options: OutputTokenOptions = {},
): number {
  const typical = options.typicalAnswerTokens ?? DEFAULT_TYPICAL_ANSWER_TOKENS;
  const reasoning = options.reasoning ? (options.reasoningTokens ?? DEFAULT_REASONING_TOKENS)[request.reasoning_effort ?? 'medium'] : 0;
  const limit = request.max_completion_tokens ?? request.max_tokens;
  const perChoice = limit == null ? typical + reasoning : Math.min(limit, typical + reasoning);
  return perChoice * (request.n ?? 1);
}
