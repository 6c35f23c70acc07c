/**
 * The fractions off for the cheaper service tiers, which the dataset does not carry. Only
 * discounts a provider documents as a flat rate are here; elsewhere 0 (full price), which an
 * operator can change per model in the catalog (`pricing.batchDiscount` / `pricing.flexDiscount`).
 */

/**
 * 50% off through the batch APIs:
 * - OpenAI Batch API: https://platform.openai.com/docs/guides/batch ("50% cost discount")
 * - Anthropic Message Batches: https://docs.anthropic.com/en/docs/build-with-claude/batch-processing
 *   (50% of standard prices, cache reads and writes included)
 * - Gemini API batch mode: https://developers.googleblog.com/scale-your-ai-workloads-batch-mode-gemini-api
 *   ("priced at 50% less than the standard rate")
 * - Bedrock batch inference: https://docs.aws.amazon.com/bedrock/latest/userguide/capacity-limits-cost-optimization.html
 *   ("50% cost savings vs on-demand")
 * Not here: Together ("up to 50%", on selected models only: docs.together.ai/docs/batch-inference),
 * Mistral and Groq (no flat rate in their own documentation), DeepSeek and xAI (no batch discount).
 */
const BATCH_DISCOUNT: Readonly<Record<string, number>> = { openai: 0.5, anthropic: 0.5, gemini: 0.5, bedrock: 0.5 };

/**
 * Flex tiers, billed at half the standard price, on the models each provider lists:
 * - OpenAI's `service_tier: "flex"`, billed at Batch API rates, for o3, o4-mini and the GPT-5
 *   family only: https://platform.openai.com/docs/guides/flex-processing (an unsupported model is
 *   refused with a 400, so no other model gets a flex discount);
 * - Gemini's `service_tier: "flex"`, "50% of the standard API", for Gemini 2.5 Pro, Flash and
 *   Flash-Lite and the Gemini 3 models: https://ai.google.dev/gemini-api/docs/flex-inference.
 * Groq's flex tier costs the same as on-demand (https://console.groq.com/docs/flex-processing): 0.
 * Bedrock's flex tier covers none of the catalog's Bedrock models (Claude, Llama 3.3, DeepSeek R1)
 * and states no rate: left to the catalog.
 */
const FLEX_MODELS: Readonly<Record<string, RegExp>> = {
  openai: /^(o3|o4-mini|gpt-5(\.\d+)?(-mini|-nano)?)(-\d{4}-\d{2}-\d{2})?$/,
  gemini: /^gemini-(2\.5-(pro|flash|flash-lite)|3(\.\d+)?-(pro|flash|flash-lite)(-preview)?)$/,
};

export function tierDiscounts(target: string): { batchDiscount: number; flexDiscount: number } {
  const slash = target.indexOf('/');
  const provider = target.slice(0, slash);
  const model = target.slice(slash + 1);
  return {
    batchDiscount: BATCH_DISCOUNT[provider] ?? 0,
    flexDiscount: FLEX_MODELS[provider]?.test(model) ? 0.5 : 0,
  };
}
