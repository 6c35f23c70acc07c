/**
 * The input and output tokens a call will cost, before it is sent, for the router's price
 * estimate. Text is counted with o200k_base (GPT-4o and later); `inProviderTokens` converts the
 * count for models whose tokenizers differ.
 */
import type { Call, CallMessage } from '../core/call.ts';
import type { OutputSpec } from '../core/output.ts';
import type { DocumentPart, ImagePart } from '../core/parts.ts';
import type { ReasoningRequest } from '../core/reasoning.ts';
import type { Tool } from '../core/tools.ts';
import { createTokenCounter, type TokenCounter } from './budgeted-token-counter.ts';
import type { RememberedCounts } from './token-count-memo.ts';
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
 * schema is counted here as its JSON, a little more than OpenAI's terser rendering. A provider's
 * own tool (Anthropic's web search, code execution) is counted by its definition's JSON.
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
  /**
   * Parts whose size cannot be told without decoding them (audio, PDFs and other binary documents,
   * encrypted reasoning, blocks only one dialect knows); counted as 0.
   */
  unestimatedParts: number;
  /** Whether part of the text was extrapolated from a sample rather than tokenized. */
  extrapolated: boolean;
  /** Whether the text was counted by the cheap estimate (estimate-tokens-cheaply.ts), not the tokenizer. */
  estimated: boolean;
  /** The tool definitions' and response schema's tokens: the prompt's head, before any message. */
  headTokens: number;
  /** Each message's tokens, overhead and images included, in order (the prompt cache's prefixes add them up). */
  messageTokens: number[];
}

export interface PromptTokenOptions {
  /** Characters tokenized exactly before extrapolating; see budgeted-token-counter.ts. */
  exactCharBudget?: number;
  /** The caller's remembered counts of long texts (token-count-memo.ts). */
  remembered?: RememberedCounts | undefined;
}

/** The parts of a call that are input: messages, tool definitions and the response schema. */
export type PromptParts = Pick<Call, 'messages' | 'tools'> & { output: Pick<OutputSpec, 'format'> };

interface Tally {
  text: number;
  imageTokens: number;
  images: number;
  unestimated: number;
}

export function estimatePromptTokens(call: PromptParts, options: PromptTokenOptions = {}): PromptTokenEstimate {
  const counter = createTokenCounter(options.exactCharBudget, options.remembered);
  const headTokens = estimateDefinitionTokens(call, counter);
  const tally: Tally = { text: headTokens, imageTokens: 0, images: 0, unestimated: 0 };
  const messageTokens: number[] = [];
  for (const message of call.messages) {
    const before = tally.text + tally.imageTokens;
    addMessage(message, counter, tally);
    messageTokens.push(tally.text + tally.imageTokens - before);
  }
  tally.text += REPLY_PRIMING_TOKENS;
  return {
    total: tally.text + tally.imageTokens,
    textTokens: tally.text,
    imageTokens: tally.imageTokens,
    images: tally.images,
    unestimatedParts: tally.unestimated,
    extrapolated: counter.extrapolated,
    estimated: counter.estimated,
    headTokens,
    messageTokens,
  };
}

/** The tool definitions' and response schema's tokens. */
function estimateDefinitionTokens(call: Omit<PromptParts, 'messages'>, counter: TokenCounter): number {
  let tokens = 0;
  if (call.tools.length > 0) {
    tokens += TOOLS_LIST_TOKENS;
    for (const tool of call.tools) tokens += TOKENS_PER_TOOL + toolTokens(tool, counter);
  }
  const format = call.output.format;
  if (format.type === 'json-schema') {
    const { name, description, schema } = format;
    tokens += counter.count(name) + counter.count(description ?? '') + counter.count(schema ? JSON.stringify(schema) : '');
  }
  return tokens;
}

function toolTokens(tool: Tool, counter: TokenCounter): number {
  if (tool.kind === 'native') return counter.count(JSON.stringify(tool.definition));
  const { name, description, parameters } = tool;
  return counter.count(name) + counter.count(description ?? '') + counter.count(parameters ? JSON.stringify(parameters) : '');
}

function addMessage(message: CallMessage, counter: TokenCounter, tally: Tally): void {
  tally.text += TOKENS_PER_MESSAGE;
  if (message.role !== 'tool' && message.name) tally.text += TOKENS_PER_NAME + counter.count(message.name);
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
      case 'refusal':
        tally.text += counter.count(part.text);
        break;
      case 'image':
        addImage(part, tally);
        break;
      case 'document':
        addDocument(part, counter, tally);
        break;
      case 'tool-call':
        tally.text += TOKENS_PER_TOOL_CALL + counter.count(part.name) + counter.count(part.arguments);
        break;
      case 'tool-result':
        for (const inner of part.content) {
          if (inner.type === 'text') tally.text += counter.count(inner.text);
          else if (inner.type === 'image') addImage(inner, tally);
          else addDocument(inner, counter, tally);
        }
        break;
      case 'reasoning':
        // Signed reasoning goes back to the model line that wrote it; every family drops the rest.
        if (part.signature) tally.text += counter.count(part.text);
        break;
      case 'audio':
      case 'redacted-reasoning':
      case 'native':
        tally.unestimated += 1;
        break;
    }
  }
}

function addImage(image: ImagePart, tally: Tally): void {
  tally.images += 1;
  tally.imageTokens += image.detail === 'low' ? IMAGE_TOKENS_LOW_DETAIL : IMAGE_TOKENS_HIGH_DETAIL;
}

/** A plain-text document is read as its text (and its title and context); a PDF cannot be sized unread. */
function addDocument(document: DocumentPart, counter: TokenCounter, tally: Tally): void {
  if (document.source.kind !== 'text') {
    tally.unestimated += 1;
    return;
  }
  tally.text += counter.count(document.title ?? '') + counter.count(document.context ?? '') + counter.count(document.source.data);
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

export type ReasoningEffort = NonNullable<ReasoningRequest['effort']>;

/**
 * Reasoning tokens a reasoning model is expected to spend per effort, billed as output.
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

/** What the answer is asked to be, as the output estimate reads it. */
export interface AnswerAsk {
  /** The caller's output limit. */
  maxTokens?: number;
  /** Answers wanted (OpenAI n). */
  choices: number;
  reasoning?: ReasoningRequest;
}

export interface OutputTokenOptions {
  typicalAnswerTokens?: number;
  /** Whether the target model reasons: then its expected reasoning tokens are added. */
  reasoning?: boolean;
  reasoningTokens?: Readonly<Record<ReasoningEffort, number>>;
}

/**
 * Expected output tokens: a typical answer (plus expected reasoning, for a reasoning model, at
 * most the call's thinking budget), capped by the client's limit, once per requested choice. An
 * estimate of what will be spent, not a bound: the bound is the limit itself.
 */
export function estimateOutputTokens(answer: AnswerAsk, options: OutputTokenOptions = {}): number {
  const typical = options.typicalAnswerTokens ?? DEFAULT_TYPICAL_ANSWER_TOKENS;
  const reasoning = options.reasoning ? expectedReasoningTokens(answer.reasoning, options.reasoningTokens ?? DEFAULT_REASONING_TOKENS) : 0;
  const limit = answer.maxTokens;
  const perChoice = limit === undefined ? typical + reasoning : Math.min(limit, typical + reasoning);
  return perChoice * answer.choices;
}

function expectedReasoningTokens(reasoning: ReasoningRequest | undefined, byEffort: Readonly<Record<ReasoningEffort, number>>): number {
  const expected = byEffort[reasoning?.effort ?? 'medium'];
  return reasoning?.budgetTokens === undefined ? expected : Math.min(expected, reasoning.budgetTokens);
}
