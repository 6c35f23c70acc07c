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
 * OpenAI's `service_tier: "flex"` is billed at Batch API rates (half price), for o3, o4-mini and the
 * GPT-5 family only: https://platform.openai.com/docs/guides/flex-processing (an unsupported model
 * is refused with a 400, so no other model gets a flex discount). Groq's flex tier costs the same
 * as on-demand (https://console.groq.com/docs/flex-processing): 0. Gemini's and Bedrock's newer
 * flex tiers are left to the catalog until the gateway sends them.
 */
const OPENAI_FLEX_MODELS = /^(o3|o4-mini|gpt-5(\.\d+)?(-mini|-nano)?)(-\d{4}-\d{2}-\d{2})?$/;

export function tierDiscounts(target: string): { batchDiscount: number; flexDiscount: number } {
  const slash = target.indexOf('/');
  const provider = target.slice(0, slash);
  const model = target.slice(slash + 1);
  return {
    batchDiscount: BATCH_DISCOUNT[provider] ?? 0,
    flexDiscount: provider === 'openai' && OPENAI_FLEX_MODELS.test(model) ? 0.5 : 0,
  };
}
