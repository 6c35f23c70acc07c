/**
 * The decision engine of one gateway instance, assembled: the router (catalog, prices, health,
 * breakers), the health matrix it reads and the recorder of this instance's own samples, and the
 * price book. With a store (DynamoDB: the health and pricing tables), the matrix and the prices
 * are refreshed in the background and samples are written in batches; without one (a gateway run
 * alone, as the benchmark does), it works from what this instance sees and the prices its caller
 * gives (create-engine.ts: the bundled dataset's). The Lambda functions, which always have a
 * store, use create-table-engine.ts, so the dataset is not in their bundles.
 *
 * Only the targets of configured providers are read from the health table (the others cannot be
 * routed to), and ready() waits for the prices alone: routing cannot price without them, while a
 * request routed before the health window arrives is routed as on a new target.
 *
 * Only the catalog's targets go to the health table (samples, shared breaker states), as only they
 * are read back: a target outside the catalog, whose name a client chooses, is judged on what this
 * instance saw of it, kept bounded (SWITCHYARD_MAX_FREE_FORM_TARGETS) in the matrix and the
 * breakers, so invented names grow neither the table, nor the refreshes, nor the memory.
 */
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import type { ModelResolver } from '../catalog/resolve-model.ts';
import type { Usage } from '../core/stream-event.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import { writeBreakerState } from '../health/breaker-item.ts';
import { createHealthMatrix, HEALTH_WINDOW_MINUTES, type HealthMatrix, type TargetSnapshot } from '../health/health-matrix.ts';
import { healthVisibleTo } from '../health/health-visibility.ts';
import { createHealthRecorder, type HealthRecorder } from '../health/health-recorder.ts';
import type { HealthSample } from '../health/health-sample.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { costOfUsage, estimateCost } from '../pricing/cost.ts';
import { createPriceBook, type PriceBook } from '../pricing/price-book.ts';
import { createPricingSnapshot, type PricingSnapshot } from '../pricing/pricing-snapshot.ts';
import type { Caller } from './caller.ts';
import { createCircuitBreakers, type BreakerView, type CircuitBreakers } from './circuit-breaker.ts';
import { createRouter, type Router } from './create-router.ts';
import { createCandidateExpander } from './expand-candidates.ts';
import { breakerSignalsOf, outlookOf } from './health-outlook.ts';
import { createPromptCacheForecast, type PromptCacheForecast } from './prompt-cache-forecast.ts';
import { createTokenCountMemo } from './token-count-memo.ts';

/** Calls with a first byte a target needs before its p99 bounds how long the gateway waits for one. */
const MIN_SAMPLES_FOR_HANG_GUARD = 20;

export interface EngineStore {
  client: DocumentClient;
  healthTable: string;
  pricingTable: string;
}

export interface EngineOptions {
  config: GatewayConfig;
  resolver: ModelResolver;
  logger: GatewayLogger;
  store?: EngineStore;
  /**
   * The store's prices, already being read: a Lambda's start reads them while it reads its secret,
   * before it has the configuration the engine needs. Made from the store when not given.
   */
  pricing?: PricingSnapshot;
  /** Write buffered samples this often (a long-running server); Lambda flushes after each response instead. */
  flushIntervalMs?: number;
  healthRefreshMs?: number;
  /** The clock of the breakers, the health windows, the prices and the router (tests move it). */
  now?: () => number;
}

export interface RoutingEngine {
  router: Router;
  breakers: CircuitBreakers;
  matrix: HealthMatrix | undefined;
  /** What this instance knows of the health of the targets the caller may see (GET /v1/health, health-visibility.ts). */
  health(caller: Caller): TargetSnapshot[];
  recordSample(sample: HealthSample): void;
  /** What a served call left in its target's prompt cache, for the next estimates. */
  rememberPrompt: PromptCacheForecast['remember'];
  costOf(target: string, usage: Usage): number | undefined;
  /** The target's p99 time to first byte, when enough calls say it (for hang detection). */
  firstByteP99(target: string): number | undefined;
  prices(): PriceBook;
  /** Starts the background refreshes (with a store); a later call does nothing. */
  start(): void;
  /**
   * Settles once the first prices are loaded (or failed to: then it logs and routes without). The
   * first health window is read in the background and not waited for.
   */
  ready(): Promise<void>;
  /** Writes buffered samples; never rejects. */
  flush(): Promise<void>;
  /** Writes buffered samples if a failure is among them or they have waited long enough (health-recorder.ts); never rejects. */
  flushIfDue(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The engine, with where its prices come from without a store: `storelessPrices(targets)` gets
 * the catalog's targets (and is called once, on first use). Without a store and without it, no
 * target has a price.
 */
export function createRoutingEngine(options: EngineOptions, storelessPrices?: (targets: readonly string[]) => PriceBook): RoutingEngine {
  const { config, resolver, logger, store } = options;
  const now = options.now ?? (() => Date.now());
  const candidates = createCandidateExpander(config.catalog, config, resolver);
  const known = candidates.knownTargets();
  /** Every target the catalog names (its models, equivalents and groups): what is always kept and shown. */
  const catalogTargets: ReadonlySet<string> = new Set(known.map((target) => target.id));
  const knownTargets = () => [...catalogTargets];

  const matrix = createHealthMatrix({
    store: store ? { client: store.client, tableName: store.healthTable } : undefined,
    targets: knownTargets(),
    // A provider without a key (or Bedrock without a region) cannot be routed to: its health is not worth a read.
    readTargets: known.filter((target) => config.providers.get(target.provider.id)?.configured).map((target) => target.id),
    maxFreeFormTargets: config.maxFreeFormTargets,
    logger,
    now,
    ...(options.healthRefreshMs ? { refreshMs: options.healthRefreshMs } : {}),
  });
  const recorder: HealthRecorder | undefined = store
    ? createHealthRecorder({ client: store.client, tableName: store.healthTable, matrix, logger, flushIntervalMs: options.flushIntervalMs, now })
    : undefined;

  const shareOpen = (target: string, view: BreakerView) => {
    if (!store || !catalogTargets.has(target)) return;
    const at = view.openedAt ?? now();
    writeBreakerState(store.client, store.healthTable, target, { state: 'open', changedAt: at, openedAt: at, until: view.until, reason: view.reason }).catch(
      (error: unknown) => logger.warn('health: could not share a breaker state', { target, error: error as Error }),
    );
  };
  const breakers = createCircuitBreakers({
    now,
    onOpen: shareOpen,
    settings: { consecutiveFailures: config.resilience.breakerFailures, cooldownMs: config.resilience.breakerCooldownMs },
    freeForm: { isCatalog: (target) => catalogTargets.has(target), max: config.maxFreeFormTargets, idleMs: HEALTH_WINDOW_MINUTES * 60_000 },
  });

  const pricing: PricingSnapshot | undefined =
    options.pricing ?? (store ? createPricingSnapshot({ client: store.client, tableName: store.pricingTable, logger, now }) : undefined);
  let storelessBook: PriceBook | undefined;
  const prices = (): PriceBook => {
    if (pricing) return pricing.book();
    storelessBook ??= storelessPrices ? storelessPrices(knownTargets()) : createPriceBook({ rows: [], now });
    return storelessBook;
  };

  const promptCache = createPromptCacheForecast();
  const router = createRouter({
    config,
    now,
    tokenCounts: createTokenCountMemo(),
    cache: promptCache.forecast,
    candidates,
    breakers,
    health: {
      outlook: (target) => outlookOf(matrix.get(target)),
      breakerSignals: (target) => breakerSignalsOf(matrix.get(target)),
      sharedBreaker: (target) => {
        const shared = matrix.get(target).breaker;
        return shared ? { state: shared.state, until: shared.until, reason: shared.reason, openedAt: shared.openedAt } : undefined;
      },
    },
    prices: {
      estimateUsd(target, forecast, at) {
        const price = prices().priceAt(target.id, at);
        if (!price) return undefined;
        return estimateCost(
          {
            inputTokens: forecast.inputTokens,
            expectedCachedInputTokens: forecast.cachedInputTokens,
            expectedCacheWriteTokens: forecast.cacheWriteInputTokens,
            expectedOutputTokens: forecast.outputTokens,
          },
          price,
        );
      },
    },
  });

  return {
    router,
    breakers,
    matrix,
    health: (caller) => matrix.all(healthVisibleTo(caller, catalogTargets)),
    recordSample: (sample) => (recorder && catalogTargets.has(sample.target) ? recorder.record(sample) : matrix.observe(sample)),
    rememberPrompt: promptCache.remember,
    costOf(target, usage) {
      const price = prices().priceAt(target);
      return price ? costOfUsage(usage, price) : undefined;
    },
    prices,
    firstByteP99(target) {
      const { ttfb, ttfbHistogram } = matrix.get(target);
      return ttfbHistogram.count >= MIN_SAMPLES_FOR_HANG_GUARD && ttfb.p99 !== null ? ttfb.p99 : undefined;
    },
    start() {
      if (!store) return;
      matrix.start();
      pricing?.start();
    },
    async ready() {
      // The refresh start() began: asking for another here would read the table twice per cold start.
      await Promise.allSettled([pricing?.ready]);
    },
    flush: () => recorder?.flush() ?? Promise.resolve(),
    flushIfDue: () => recorder?.flushIfDue() ?? Promise.resolve(),
    async stop() {
      matrix.stop();
      await pricing?.stop();
      await recorder?.stop();
    },
  };
}
