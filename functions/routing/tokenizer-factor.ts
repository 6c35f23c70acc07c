/**
 * How many tokens a model's own tokenizer makes of text that o200k_base (the estimator's) counts
 * as one token: the estimate is o200k, prices and context windows are in each model's tokens.
 * Figures are for English prose; code and math run higher on every tokenizer but OpenAI's.
 */
import { findProvider } from '../providers/provider-registry.ts';

export const TOKENIZER_FACTORS = {
  /** GPT-4o, 4.1, 5 and the o-series use o200k_base itself. */
  openai: 1,
  /**
   * Claude up to Opus 4.6. Measured against GPT-4o (Claude 3.5 Sonnet's tokenizer): +16% on
   * English articles, +21% on math, +30% on Python ("Hidden costs in AI deployment: why Claude
   * models may be 20-30% more expensive than GPT", VentureBeat, May 2025). 1.2 leans to the
   * English end because most prompts are mostly prose.
   */
  claude: 1.2,
  /**
   * Claude Opus 4.7's new tokenizer: "roughly 1x to 1.35x as many tokens" as its predecessors
   * (Anthropic's Opus 4.7 release notes, April 2026; independent counts found ~1.2x-1.45x for
   * English), so 1.2 x 1.3. Assumed for every Claude model from 4.7 on.
   */
  claudeNew: 1.55,
  /** Assumption, not measured: Gemini's 256k-entry SentencePiece vocabulary is about as dense as o200k for English. */
  gemini: 1,
  /**
   * Assumption, not measured: DeepSeek, Mistral, Llama, Qwen and Grok use 100k-150k-entry BPE
   * vocabularies, which split English a little more finely than o200k's 200k entries.
   */
  other: 1.1,
} as const;

export type TokenizerFamily = keyof typeof TOKENIZER_FACTORS;

/** Claude 4.7 and later, and the lines named without a version (`claude-mythos-*`, `claude-fable-*`). */
const CLAUDE_NEW_TOKENIZER = /^claude-(?:mythos|fable)\b|^claude-[a-z]+-(?:4-(?:[7-9]|\d{2})(?!\d)|[5-9](?!\d))/;

/** `claude-…` out of `claude-…`, `us.anthropic.claude-…-v1:0` (Bedrock) or `…/claude-…`. */
const CLAUDE_NAME = /(?:^|[./])(claude-[a-z0-9-]+)/;

/** The tokenizer family of a model, from its provider (its entry's `tokenizer`) and its name (Claude on any provider is Claude). */
export function tokenizerFamily(provider: string, model: string): TokenizerFamily {
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  const claude = CLAUDE_NAME.exec(model.toLowerCase())?.[1];
  if (claude) return CLAUDE_NEW_TOKENIZER.test(claude) ? 'claudeNew' : 'claude';
  const byProvider = findProvider(provider)?.tokenizer;
  if (byProvider === 'openai' || /^(?:gpt-|o\d|chatgpt-)/.test(name)) return 'openai';
  if (byProvider === 'gemini' || name.startsWith('gemini') || name.startsWith('gemma')) return 'gemini';
  return 'other';
}

export const tokenizerFactor = (provider: string, model: string): number =>
  TOKENIZER_FACTORS[tokenizerFamily(provider, model)];
