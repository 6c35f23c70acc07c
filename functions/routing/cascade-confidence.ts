/**
 * How sure a model was of its own answer, from the log-probabilities of the tokens it chose, so a
 * cascade can keep a cheap model's answer or ask a stronger one (`routing.cascade.min_confidence`).
 *
 *   meanProbability      = exp(mean of the token logprobs)   the geometric mean token probability
 *   lowProbabilityShare  = share of tokens with p < LOW_PROBABILITY
 *   confidence           = meanProbability * (1 - lowProbabilityShare)
 *
 * The geometric mean is the answer's per-token likelihood (1 / perplexity); it is dominated by the
 * many easy tokens of any answer (punctuation, the rest of a word), so the share of hesitant
 * tokens, which is where an answer goes wrong, discounts it further. A fluent answer scores about
 * 0.85-0.95, one the model guessed at below 0.5.
 */
import type { StreamEvent, TokenLogprob } from '../core/stream-event.ts';

/** A token the model gave less than a 30% chance: it was choosing between alternatives. */
export const LOW_PROBABILITY = 0.3;
/**
 * Logprobs are clamped here (p = 1e-6) before averaging: OpenAI reports -9999 for some tokens,
 * which would otherwise wipe out the mean of any answer shorter than thousands of tokens.
 */
export const MIN_LOGPROB = Math.log(1e-6);

export interface CascadeConfidence {
  /** In [0, 1]; compared with the catalog's `min_confidence`. */
  confidence: number;
  meanProbability: number;
  lowProbabilityShare: number;
  /** Tokens the figures are computed from. */
  tokens: number;
}

/**
 * The confidence of one choice (0 by default: a cascade asks for one) of a non-streaming answer,
 * from its `logprobs` events; undefined when the provider returned none.
 */
export function cascadeConfidence(events: readonly StreamEvent[], choice = 0): CascadeConfidence | undefined {
  const tokens: TokenLogprob[] = [];
  for (const event of events) if (event.type === 'logprobs' && event.choice === choice) tokens.push(...event.content);
  return confidenceOf(tokens);
}

/** The same figures from the token entries themselves. */
export function confidenceOf(tokens: readonly TokenLogprob[]): CascadeConfidence | undefined {
  // Entries without a finite logprob carry no information about the answer.
  const logprobs = tokens.map((token) => token.logprob).filter(Number.isFinite);
  if (logprobs.length === 0) return undefined;
  let sum = 0;
  let low = 0;
  const lowLogprob = Math.log(LOW_PROBABILITY);
  for (const logprob of logprobs) {
    const clamped = Math.min(0, Math.max(MIN_LOGPROB, logprob));
    sum += clamped;
    if (clamped < lowLogprob) low++;
  }
  const meanProbability = Math.exp(sum / logprobs.length);
  const lowProbabilityShare = low / logprobs.length;
  return {
    confidence: meanProbability * (1 - lowProbabilityShare),
    meanProbability,
    lowProbabilityShare,
    tokens: logprobs.length,
  };
}
