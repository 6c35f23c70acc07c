/**
 * The simulated world: how each target behaves (latency, speed, errors, rate limits) and what
 * happens during the run (a price promotion, a provider outage). Numbers are assumptions of the
 * right order, taken from published third-party measurements, not from any provider's SLA:
 * - TTFT medians: modelstats.ai (Apr 2026: Gemini 2.5 Flash(-Lite) ~0.4–0.5 s, GPT-4.1 mini ~0.8 s,
 *   Claude Haiku/Sonnet 4.x ~1.3–1.4 s), tokenmix.ai (Apr 2026: Groq Llama 3.3 70B 0.20 s,
 *   DeepSeek 2.0 s), deploybase.ai (Mar 2026, p95 ≈ 2.5–3× p50 for most providers);
 * - output speed: tokenwisehq.com / kickllm.com (Groq Llama 70B ~280–330 tok/s, Gemini Flash ~190–250,
 *   GPT-4o mini ~100–160, Claude Sonnet ~65–90, DeepSeek V3 official API ~30–60);
 * - error rates: a few tenths of a percent of 5xx/overloaded answers in normal operation (Anthropic's
 *   529 "overloaded" somewhat more often), rate limits of a mid-tier paid account.
 * Reasoning tokens are what a model spends by default on a request that sets no reasoning_effort:
 * GPT-5 family at `medium`, Gemini 2.5 Pro/Flash with dynamic thinking; Flash-Lite and Claude do
 * not think unless asked.
 */

export interface TargetModel {
  /** Time to first token without prompt or reasoning, ms: median and 95th percentile. */
  ttftMedianMs: number;
  ttftP95Ms: number;
  /** Output tokens per second once the answer streams (reasoning at the same speed). */
  tokensPerSecond: number;
  /** Prompt processing, input tokens per second (adds to time to first token for long prompts). */
  prefillTokensPerSecond: number;
  /** Median reasoning tokens per request, 0 for a model that does not think by default. */
  reasoningTokens: number;
  /** Share of calls answered with a 5xx (overloaded, internal error). */
  errorRate: number;
  /** Share of calls refused with a 429 unrelated to our own volume (provider-side load shedding). */
  spuriousRateLimit: number;
  /** The account's limits, per minute. */
  requestsPerMinute: number;
  inputTokensPerMinute: number;
}

const PREFILL = 8_000;

const model = (fields: Omit<TargetModel, 'prefillTokensPerSecond'> & { prefillTokensPerSecond?: number }): TargetModel => ({ prefillTokensPerSecond: PREFILL, ...fields });

/** Every target the catalog's groups and equivalents name. */
export const TARGETS: Readonly<Record<string, TargetModel>> = {
  // fast
  'openai/gpt-4o-mini': model({ ttftMedianMs: 450, ttftP95Ms: 1_200, tokensPerSecond: 90, reasoningTokens: 0, errorRate: 0.003, spuriousRateLimit: 0.001, requestsPerMinute: 5_000, inputTokensPerMinute: 4_000_000 }),
  'gemini/gemini-2.5-flash-lite': model({ ttftMedianMs: 420, ttftP95Ms: 1_100, tokensPerSecond: 250, reasoningTokens: 0, errorRate: 0.005, spuriousRateLimit: 0.002, requestsPerMinute: 4_000, inputTokensPerMinute: 4_000_000, prefillTokensPerSecond: 20_000 }),
  'anthropic/claude-haiku-4-5': model({ ttftMedianMs: 800, ttftP95Ms: 2_200, tokensPerSecond: 120, reasoningTokens: 0, errorRate: 0.008, spuriousRateLimit: 0.002, requestsPerMinute: 4_000, inputTokensPerMinute: 2_000_000 }),
  'mistral/mistral-small-latest': model({ ttftMedianMs: 380, ttftP95Ms: 1_100, tokensPerSecond: 130, reasoningTokens: 0, errorRate: 0.005, spuriousRateLimit: 0.003, requestsPerMinute: 1_200, inputTokensPerMinute: 2_000_000 }),
  // balanced
  'openai/gpt-4.1-mini': model({ ttftMedianMs: 700, ttftP95Ms: 1_900, tokensPerSecond: 80, reasoningTokens: 0, errorRate: 0.003, spuriousRateLimit: 0.001, requestsPerMinute: 5_000, inputTokensPerMinute: 4_000_000 }),
  'gemini/gemini-2.5-flash': model({ ttftMedianMs: 500, ttftP95Ms: 1_400, tokensPerSecond: 200, reasoningTokens: 700, errorRate: 0.005, spuriousRateLimit: 0.002, requestsPerMinute: 2_000, inputTokensPerMinute: 3_000_000, prefillTokensPerSecond: 20_000 }),
  'deepseek/deepseek-chat': model({ ttftMedianMs: 2_000, ttftP95Ms: 6_500, tokensPerSecond: 35, reasoningTokens: 0, errorRate: 0.015, spuriousRateLimit: 0, requestsPerMinute: Infinity, inputTokensPerMinute: Infinity, prefillTokensPerSecond: 5_000 }),
  'groq/llama-3.3-70b-versatile': model({ ttftMedianMs: 220, ttftP95Ms: 700, tokensPerSecond: 280, reasoningTokens: 0, errorRate: 0.005, spuriousRateLimit: 0.005, requestsPerMinute: 1_000, inputTokensPerMinute: 300_000, prefillTokensPerSecond: 40_000 }),
  'together/meta-llama/Llama-3.3-70B-Instruct-Turbo': model({ ttftMedianMs: 450, ttftP95Ms: 1_300, tokensPerSecond: 130, reasoningTokens: 0, errorRate: 0.006, spuriousRateLimit: 0.002, requestsPerMinute: 3_000, inputTokensPerMinute: 2_000_000 }),
  'together/deepseek-ai/DeepSeek-V3': model({ ttftMedianMs: 700, ttftP95Ms: 2_000, tokensPerSecond: 50, reasoningTokens: 0, errorRate: 0.008, spuriousRateLimit: 0.002, requestsPerMinute: 3_000, inputTokensPerMinute: 2_000_000 }),
  // frontier
  'openai/gpt-5': model({ ttftMedianMs: 900, ttftP95Ms: 2_600, tokensPerSecond: 90, reasoningTokens: 1_500, errorRate: 0.005, spuriousRateLimit: 0.001, requestsPerMinute: 5_000, inputTokensPerMinute: 2_000_000 }),
  'anthropic/claude-sonnet-4-5': model({ ttftMedianMs: 1_300, ttftP95Ms: 3_500, tokensPerSecond: 70, reasoningTokens: 0, errorRate: 0.01, spuriousRateLimit: 0.002, requestsPerMinute: 4_000, inputTokensPerMinute: 2_000_000 }),
  'gemini/gemini-2.5-pro': model({ ttftMedianMs: 1_000, ttftP95Ms: 3_000, tokensPerSecond: 120, reasoningTokens: 1_500, errorRate: 0.01, spuriousRateLimit: 0.003, requestsPerMinute: 1_000, inputTokensPerMinute: 2_000_000, prefillTokensPerSecond: 15_000 }),
};

/** The run: one hour of traffic, starting on a weekday afternoon (UTC; outside DeepSeek's off-peak window). */
export const RUN = {
  start: Date.UTC(2025, 10, 4, 14, 0, 0),
  durationMs: 60 * 60_000,
  requests: 20_000,
  seed: 20_251_104,
} as const;

/**
 * Events. The outage is in the middle third: its provider's calls first hang (no response headers
 * until the gateway's own timeout: the worst case for failover) for `hangMs`, then fail fast, half
 * with 503 and half with refused connections, until the end. The flap is in the first third.
 */
export const EVENTS = {
  outage: { provider: 'openai', from: 20 * 60_000, until: 40 * 60_000, hangMs: 4 * 60_000 },
  /**
   * A flap: the cheapest feasible target of `switchyard/fast` (and of `switchyard/auto`'s easy
   * requests) answers every call with a fast 500 from `from` to `until`, then is healthy again. It
   * is long enough for its breaker to open, and early enough that a target left unused for the
   * health window's 10 minutes is seen before the outage.
   */
  flap: { target: 'mistral/mistral-small-latest', from: 8 * 60_000, until: 8 * 60_000 + 20_000 },
  /** A promotion: the named model at `factor` of its list price from `from` to the end of the run. */
  promotion: { target: 'openai/gpt-4o-mini', from: 30 * 60_000, factor: 0.5 },
} as const;

/**
 * Billing prices for targets the bundled dataset cannot price (the engine does not know them either:
 * it ranks them last). Together's list price for DeepSeek-V3, USD per million tokens.
 */
export const BILLING_ONLY_PRICES: Readonly<Record<string, { inputPerMTok: number; outputPerMTok: number }>> = {
  'together/deepseek-ai/DeepSeek-V3': { inputPerMTok: 1.25, outputPerMTok: 1.25 },
};
