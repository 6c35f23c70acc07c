/**
 * What each provider documents of its discounted paths' turnaround, as pseudo-samples (ms) that
 * stand in for observations until the gateway has its own (turnaround-sample.ts). Five each, so
 * five real observations weigh as much as the documentation.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Batch APIs promise 24 hours and usually take far less:
 * - Anthropic: "most batches finish in less than 1 hour"
 *   (https://docs.anthropic.com/en/docs/build-with-claude/batch-processing);
 * - OpenAI: "a 24-hour turnaround time" with most sooner (https://platform.openai.com/docs/guides/batch);
 * - Gemini: "the target turnaround time is 24 hours, but in majority of cases, it is much quicker"
 *   (https://ai.google.dev/gemini-api/docs/batch-mode).
 */
const BATCH_PRIORS: Readonly<Record<string, readonly number[]>> = {
  anthropic: [10 * MINUTE, 20 * MINUTE, 40 * MINUTE, 55 * MINUTE, 24 * HOUR],
};
const DEFAULT_BATCH_PRIOR = [20 * MINUTE, 1 * HOUR, 2 * HOUR, 6 * HOUR, 24 * HOUR];

/**
 * Flex tiers answer in minutes, when they have capacity:
 * - Gemini: "Minutes (1–15 min target)" (https://ai.google.dev/gemini-api/docs/flex-inference);
 * - OpenAI: "slower response times", with a 15-minute client timeout advised
 *   (https://platform.openai.com/docs/guides/flex-processing);
 * - Bedrock: "increased latency" (https://docs.aws.amazon.com/bedrock/latest/userguide/service-tiers-inference.html).
 */
const FLEX_PRIOR = [1 * MINUTE, 4 * MINUTE, 8 * MINUTE, 12 * MINUTE, 15 * MINUTE];

/** Keys: `batch#<provider>` for a provider's batch API, `flex#<provider>/<model>` for a target's flex tier. */
export const batchTurnaroundKey = (provider: string): string => `batch#${provider}`;
export const flexTurnaroundKey = (targetId: string): string => `flex#${targetId}`;
/** Whether a provider may refuse the path a key names outright (path-refusal.ts): a batch API may be missing; flex is a tier of the chat call. */
export const refusableTurnaroundKey = (key: string): boolean => key.startsWith('batch#');

export function turnaroundPrior(key: string): readonly number[] {
  if (key.startsWith('flex#')) return FLEX_PRIOR;
  return BATCH_PRIORS[key.slice('batch#'.length)] ?? DEFAULT_BATCH_PRIOR;
}
