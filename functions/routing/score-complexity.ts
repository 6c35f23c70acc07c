/**
 * How hard a call looks, in [0, 1], for `switchyard/auto`: the router sends it to the first
 * tier whose `max_score` it does not exceed (thresholds are the catalog's, not this file's).
 *
 * Each feature is a value in [0, 1] from cheap textual signals; the score is the weighted sum,
 * capped at 1, so one strong signal (a proof, a refactor over several files) is enough to leave
 * the cheapest tier, and every feature can only raise the score. The content signals read the
 * last user message, the task at hand; a long system prompt says little about the question.
 */
import type { Call, CallMessage } from '../core/call.ts';
import { estimatePromptTokens, type PromptParts, type ReasoningEffort } from './estimate-prompt-tokens.ts';

/** The weight of each feature: its contribution when its value is 1. */
export const COMPLEXITY_WEIGHTS = {
  /** Prompt length in tokens, log-scaled between LENGTH_FLOOR and LENGTH_CEILING. */
  length: 0.2,
  /** Fenced code blocks, lines that look like code, and coding verbs (refactor, debug, implement). */
  code: 0.4,
  /** LaTeX, equations, and the vocabulary of proofs and derivations. */
  math: 0.5,
  /** Numbered or bulleted steps, "step by step", several imperative sentences. */
  multiStep: 0.25,
  /** Analysis and design vocabulary: compare, evaluate, trade-offs, architecture. */
  analysis: 0.15,
  /** Tools offered: the answer may be an agent step. */
  tools: 0.15,
  /** A JSON schema the answer must match (json_object counts half). */
  structuredOutput: 0.1,
  /** User turns so far: long conversations carry more context to keep straight. */
  conversationDepth: 0.1,
  /** The client's own reasoning effort, when it sets one. */
  reasoningEffort: 0.35,
} as const;

export type ComplexityFeature = keyof typeof COMPLEXITY_WEIGHTS;

export interface FeatureContribution {
  feature: ComplexityFeature;
  /** The feature's strength in [0, 1]. */
  value: number;
  /** `value` times the feature's weight: what it added to the score. */
  contribution: number;
}

export interface ComplexityScore {
  score: number;
  /** The features that contributed, largest first; empty for a request with no signal at all. */
  features: FeatureContribution[];
}

export interface ComplexityOptions {
  /** The prompt's tokens, when the router has already estimated them. */
  promptTokens?: number;
}

const LENGTH_FLOOR = 300;
const LENGTH_CEILING = 30_000;
/** Content signals read at most this much of the message: enough to see what it asks. */
const MAX_ANALYZED_CHARS = 50_000;

const EFFORT_VALUE: Readonly<Record<ReasoningEffort, number>> = {
  none: 0,
  minimal: 0.15,
  low: 0.4,
  medium: 0.7,
  high: 0.9,
  xhigh: 1,
};

const FENCE = /^\s*(?:```|~~~)/gm;
const CODE_LINE =
  /^\s*(?:def |class |function\b|import |from \S+ import|#include|public |private |const |let |var |return\b|if\s*\(|for\s*\(|while\s*\()|[;{}]\s*$|=>|\)\s*\{/;
const CODE_VERBS = /\b(?:refactor|debug|implement|compile|stack ?trace|segfault|unit tests?|migrate|regex)\b/i;
const CODE_TOPICS = /\b(?:python|javascript|typescript|java|rust|golang|kotlin|swift|c\+\+|sql|bash|function|algorithm|linked list|binary tree|recursion|api)\b/i;
const LATEX = /\\(?:frac|int|sum|prod|lim|sqrt|begin\{|mathbb|partial|alpha|beta|theta|lambda|infty|cdot)|\$\$|\\\(|\\\[/;
const EQUATION = /[\w)\]]\s*(?:\^|=|≤|≥|<=|>=)\s*[\w(\\-]|[∫∑∏√∂∞]/;
const MATH_WORDS = /\b(?:prove|proof|derive|derivation|theorem|lemma|corollary|integral|eigen\w*|induction|differential equation|converge[sn]?)\b/i;
const LIST_ITEM = /^\s*(?:\d+[.)]|[-*•])\s+\S/gm;
const STEP_PHRASES = /\bstep[- ]by[- ]step\b|\bfirst\b[^.?!]{0,200}\bthen\b|\bfinally\b/i;
const IMPERATIVE =
  /^(?:please |then |also |and )?(?:write|explain|list|create|implement|add|remove|fix|refactor|build|make|generate|compare|describe|analy[sz]e|find|calculate|compute|convert|update|change|ensure|use|return|include|design|test|check|rewrite|optimi[sz]e|prove|derive|show|plan|outline)\b/i;
const ANALYSIS_WORDS = /\b(?:analy[sz]e|analysis|compare|comparison|evaluate|trade-?offs?|pros and cons|architecture|design|critique|assess|justify|explain why)\b/gi;

export function scoreComplexity(call: PromptParts & Pick<Call, 'reasoning'>, options: ComplexityOptions = {}): ComplexityScore {
  const text = lastUserText(call.messages).slice(0, MAX_ANALYZED_CHARS);
  const promptTokens = options.promptTokens ?? estimatePromptTokens(call).total;
  const userTurns = call.messages.filter((message) => message.role === 'user').length;
  const format = call.output.format.type;
  const effort = call.reasoning?.effort;

  const values: Record<ComplexityFeature, number> = {
    length: logScale(promptTokens, LENGTH_FLOOR, LENGTH_CEILING),
    code: codeValue(text),
    math: mathValue(text),
    multiStep: multiStepValue(text),
    analysis: Math.min(1, countMatches(text, ANALYSIS_WORDS) / 3),
    tools: call.tools.length > 0 ? Math.min(1, 0.4 + call.tools.length / 10) : 0,
    structuredOutput: format === 'json-schema' ? 1 : format === 'json' ? 0.5 : 0,
    conversationDepth: Math.min(1, Math.max(0, userTurns - 1) / 8),
    reasoningEffort: effort ? EFFORT_VALUE[effort] : 0,
  };

  const features: FeatureContribution[] = [];
  let sum = 0;
  for (const feature of Object.keys(COMPLEXITY_WEIGHTS) as ComplexityFeature[]) {
    const value = values[feature];
    if (value <= 0) continue;
    const contribution = value * COMPLEXITY_WEIGHTS[feature];
    sum += contribution;
    features.push({ feature, value: round(value), contribution: round(contribution) });
  }
  features.sort((a, b) => b.contribution - a.contribution);
  return { score: round(Math.min(1, sum)), features };
}

/** `code:0.40,math:0.25`: the features for the `x-switchyard-route` explanation header. */
export const describeFeatures = (features: readonly FeatureContribution[]): string =>
  features.map(({ feature, contribution }) => `${feature}:${contribution.toFixed(2)}`).join(',');

/** The last user message's text parts, joined. */
function lastUserText(messages: readonly CallMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role !== 'user') continue;
    let text = '';
    for (const part of message.content) if (part.type === 'text') text += part.text;
    return text;
  }
  return '';
}

function codeValue(text: string): number {
  const fences = Math.floor(countMatches(text, FENCE) / 2);
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const codeShare = lines.length === 0 ? 0 : lines.filter((line) => CODE_LINE.test(line)).length / lines.length;
  const vocabulary = (CODE_VERBS.test(text) ? 0.3 : 0) + (CODE_TOPICS.test(text) ? 0.25 : 0);
  return Math.min(1, 0.4 * Math.min(fences, 2) + 1.5 * codeShare + vocabulary);
}

function mathValue(text: string): number {
  return Math.min(1, (LATEX.test(text) ? 0.4 : 0) + (EQUATION.test(text) ? 0.3 : 0) + (MATH_WORDS.test(text) ? 0.8 : 0));
}

function multiStepValue(text: string): number {
  const items = countMatches(text, LIST_ITEM);
  const imperatives = text.split(/[.!?\n]+/).filter((sentence) => IMPERATIVE.test(sentence.trim())).length;
  return Math.min(1, items / 6 + (STEP_PHRASES.test(text) ? 0.4 : 0) + Math.max(0, imperatives - 1) / 6);
}

/** Matches of a global pattern. */
const countMatches = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

function logScale(value: number, floor: number, ceiling: number): number {
  if (value <= floor) return 0;
  return Math.min(1, Math.log(value / floor) / Math.log(ceiling / floor));
}

const round = (value: number) => Math.round(value * 1000) / 1000;
