/**
 * What the router reads of a call, computed once per call: its prompt's tokens, what it needs of a
 * model, the answer it asks for, and, on first use, how hard it looks (switchyard/auto only) and
 * its prompt-cache prefixes (only a prompt long enough for some cache). The profile is of the
 * call's content, not of its model, so the cascade plans its groups with the profile of the call
 * it was given.
 */
import type { Call } from '../core/call.ts';
import { estimatePromptTokens, type AnswerAsk, type PromptTokenEstimate, type PromptTokenOptions } from './estimate-prompt-tokens.ts';
import { requestNeeds, type RequestNeeds } from './request-needs.ts';
import { scoreComplexity, type ComplexityScore } from './score-complexity.ts';
import { splitPromptPrefixes, type PromptPrefix } from './split-prompt-prefixes.ts';

export interface CallProfile {
  /** Prompt tokens in o200k terms (estimate-prompt-tokens.ts). */
  prompt: PromptTokenEstimate;
  needs: RequestNeeds;
  answer: AnswerAsk;
  /** Scored on the first read, the same score after. */
  complexity(): ComplexityScore;
  /** Split on the first read, from the prompt estimate's own counts. */
  prefixes(): readonly PromptPrefix[];
}

/** Reads the call's content and the answer it asks for, never its model; `options` are the prompt estimate's. */
export function profileCall(call: Pick<Call, 'messages' | 'tools' | 'output' | 'reasoning'>, options?: PromptTokenOptions): CallProfile {
  const prompt = estimatePromptTokens(call, options);
  const { maxTokens, choices } = call.output;
  let complexity: ComplexityScore | undefined;
  let prefixes: PromptPrefix[] | undefined;
  return {
    prompt,
    needs: requestNeeds(call, prompt),
    answer: { ...(maxTokens !== undefined && { maxTokens }), choices, ...(call.reasoning && { reasoning: call.reasoning }) },
    complexity: () => (complexity ??= scoreComplexity(call, { promptTokens: prompt.total })),
    prefixes: () => (prefixes ??= splitPromptPrefixes(call, prompt)),
  };
}
