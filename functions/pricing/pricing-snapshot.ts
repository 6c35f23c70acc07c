/**
 * Keeps a price book loaded from the pricing table, re-read every `refreshMs` in the background,
 * so requests look prices up in memory and never wait on DynamoDB. A failed refresh keeps the book
 * it had (prices change seldom; a stale one beats none) and is logged; the next tick tries again.
 * Before the first load the book is empty: every lookup is undefined.
 */
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { createPriceBook, type PriceBook } from './price-book.ts';
import { readPricingTable } from './pricing-table.ts';

export interface PricingSnapshotOptions {
  client: DocumentClient;
  tableName: string;
  refreshMs?: number;
  logger: GatewayLogger;
  /** The clock, epoch ms (tests fix it). */
  now?: () => number;
}

export interface PricingSnapshot {
  /** Loads now and then every `refreshMs`; a second call does nothing. */
  start(): void;
  /** Stops refreshing, after a load in flight has finished. */
  stop(): Promise<void>;
  /** Settles with the first load: resolves once it succeeded, rejects with its error if it failed (refreshing goes on). */
  readonly ready: Promise<void>;
  /** The latest book. */
  book(): PriceBook;
}

export function createPricingSnapshot({ client, tableName, refreshMs = 60_000, logger, now = Date.now }: PricingSnapshotOptions): PricingSnapshot {
  let current = createPriceBook({ rows: [], now });
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let settleReady: { resolve(): void; reject(error: unknown): void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  // Nobody has to await `ready`: a failed first load must not become an unhandled rejection.
  ready.catch(() => {});

  const load = async (): Promise<void> => {
    try {
      const rows = await readPricingTable(client, tableName, {
        now: now(),
        onInvalidItem: (key, reason) => logger.warn('pricing: skipped an invalid price item', { ...key, reason }),
      });
      current = createPriceBook({ rows, now });
      settleReady?.resolve();
    } catch (error) {
      logger.warn('pricing: could not read the pricing table; keeping the prices loaded before', { error: error as Error });
      settleReady?.reject(error);
    } finally {
      settleReady = undefined;
    }
  };
  const refresh = () => {
    // One read at a time: a slow read is not overtaken by the next tick's.
    inFlight ??= load().finally(() => {
      inFlight = undefined;
    });
  };

  return {
    start() {
      if (timer) return;
      refresh();
      timer = setInterval(refresh, refreshMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
    ready,
    book: () => current,
  };
}
