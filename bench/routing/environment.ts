/**
 * What every strategy shares: the gateway's configuration (every provider configured), the real
 * catalog and resolver, and the real prices — the bundled genai-prices rows with the catalog's
 * overrides, as create-engine.ts builds them without a store, plus the promotion as a price row
 * with a validity window, as an operator would add it.
 */
import { createModelResolver, type ModelResolver } from '../../functions/catalog/resolve-model.ts';
import { loadConfig, type GatewayConfig } from '../../functions/config/load-config.ts';
import { catalogPriceOverrides } from '../../functions/pricing/catalog-price-overrides.ts';
import { costOfUsage } from '../../functions/pricing/cost.ts';
import type { PriceRow } from '../../functions/pricing/model-price.ts';
import { createPriceBook, type PriceBook } from '../../functions/pricing/price-book.ts';
import { pricingSeedRows } from '../../functions/pricing/pricing-seed-rows.ts';
import { createCandidateExpander, type CandidateExpander } from '../../functions/routing/expand-candidates.ts';
import { BILLING_ONLY_PRICES, EVENTS, RUN } from './world.ts';

export interface Environment {
  config: GatewayConfig;
  resolver: ModelResolver;
  expander: CandidateExpander;
  prices: PriceBook;
  /** What a served call is billed, USD: the list price in force when it started. */
  bill(target: string, at: number, inputTokens: number, outputTokens: number): number;
}

export function createEnvironment(): Environment {
  const env: Record<string, string> = { NODE_ENV: 'test' };
  for (const prefix of ['OPENAI', 'ANTHROPIC', 'GEMINI', 'DEEPSEEK', 'MISTRAL', 'GROQ', 'XAI', 'TOGETHER']) env[`${prefix}_API_KEY`] = 'simulated';
  const config = loadConfig(env);
  const resolver = createModelResolver(config.catalog);
  const expander = createCandidateExpander(config.catalog, config, resolver);
  const known = expander.knownTargets().map((target) => target.id);
  const rows: PriceRow[] = pricingSeedRows({ modelIds: known, overrides: catalogPriceOverrides(config.catalog), now: RUN.start }).rows;
  rows.push(promotionRow(rows));
  const prices = createPriceBook({ rows });

  return {
    config,
    resolver,
    expander,
    prices,
    bill(target, at, inputTokens, outputTokens) {
      const price = prices.priceAt(target, at);
      if (price) return costOfUsage({ inputTokens, outputTokens }, price);
      const fallback = BILLING_ONLY_PRICES[target];
      if (!fallback) throw new Error(`no price to bill ${target}`);
      return (inputTokens * fallback.inputPerMTok + outputTokens * fallback.outputPerMTok) / 1_000_000;
    },
  };
}

function promotionRow(rows: readonly PriceRow[]): PriceRow {
  const { target, from, factor } = EVENTS.promotion;
  const base = rows.find((row) => row.target === target && row.validUntil === undefined && !row.daily);
  if (!base) throw new Error(`no list price for ${target}`);
  return {
    ...base,
    source: 'operator',
    validFrom: RUN.start + from,
    validUntil: RUN.start + RUN.durationMs + 3_600_000,
    inputPerMTok: base.inputPerMTok * factor,
    outputPerMTok: base.outputPerMTok * factor,
    cachedInputPerMTok: base.cachedInputPerMTok * factor,
    cacheWritePerMTok: base.cacheWritePerMTok * factor,
  };
}
