/**
 * The gateway's own health samples: `record` counts a sample in the matrix at once and buffers
 * it; `flush` writes the buffer as one batch (recordHealthSamples: one update per target and
 * minute), never one write per request. Health must never fail a request: `flush` never
 * rejects, a failure is logged. Samples of items that failed are kept for one more try at the
 * next flush (only those: the items that were written must not be added twice), then dropped.
 *
 * In Lambda the adapter calls `flushIfDue` after the response has ended: a write after every
 * response would hold each instance for a DynamoDB round trip per request (and, for a request
 * arriving meanwhile, send it to another instance), so successes wait until the oldest has waited
 * FLUSH_DUE_AFTER_MS, while a failure, which the other instances' breakers and routing need, is
 * written at once. An instance reclaimed after its last request loses that last second's
 * successes (this instance's evidence only). Under `npm start` a timer (`flushIntervalMs`) flushes.
 */
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import type { HealthMatrix } from './health-matrix.ts';
import { healthPartitionKey, healthSortKey } from './health-keys.ts';
import type { HealthSample } from './health-sample.ts';
import { HealthWriteError, recordHealthSamples } from './record-health-samples.ts';
import { ERROR_OUTCOMES } from './target-health.ts';

export interface HealthRecorderOptions {
  client: DocumentClient;
  tableName: string;
  matrix: Pick<HealthMatrix, 'observe' | 'flushed'>;
  logger: GatewayLogger;
  /** Flush on an unref'd timer this often (npm start); none when undefined (Lambda). */
  flushIntervalMs?: number | undefined;
  /** Epoch ms (tests move it). */
  now?: () => number;
}

export interface HealthRecorder {
  record(sample: HealthSample): void;
  /** Writes what is buffered; resolves when written or given up on (after any flush in progress). */
  flush(): Promise<void>;
  /** Flushes if a buffered sample is a failure or the oldest has waited FLUSH_DUE_AFTER_MS; resolves at once otherwise. */
  flushIfDue(): Promise<void>;
  /** Stops the timer and flushes what is left. */
  stop(): Promise<void>;
}

/** Tries per sample: the first, and one retry at the next flush. */
const MAX_ATTEMPTS = 2;

/** How long successes may wait in the buffer (flushIfDue): under load, one write a second per instance. */
export const FLUSH_DUE_AFTER_MS = 1_000;

interface Buffered {
  sample: HealthSample;
  attempts: number;
  /** When it was buffered, epoch ms. */
  at: number;
}

const itemKey = (pk: string, sk: string) => `${pk}\u0000${sk}`;
const sampleKey = (sample: HealthSample) => itemKey(healthPartitionKey(sample.target), healthSortKey(sample.at));

export function createHealthRecorder(options: HealthRecorderOptions): HealthRecorder {
  const { client, tableName, matrix, logger } = options;
  const now = options.now ?? (() => Date.now()); // read per call, so a test that fakes Date moves it
  let buffer: Buffered[] = [];
  /** The failures in `buffer`, counted as they come: `flushIfDue` runs after every response, and must not scan it. */
  let failuresBuffered = 0;
  let chain: Promise<void> = Promise.resolve();
  const isFailure = (sample: HealthSample) => ERROR_OUTCOMES.includes(sample.outcome);

  async function write(): Promise<void> {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    failuresBuffered = 0;
    try {
      await recordHealthSamples(
        batch.map(({ sample }) => sample),
        { client, tableName },
      );
      matrix.flushed(batch.map(({ sample }) => sample));
    } catch (error) {
      // Without the failed keys (an unexpected error), count every item as failed: a retry may add twice, a drop loses nothing else.
      const failedKeys = error instanceof HealthWriteError ? new Set(error.failedKeys.map(({ pk, sk }) => itemKey(pk, sk))) : undefined;
      const failed = failedKeys ? batch.filter(({ sample }) => failedKeys.has(sampleKey(sample))) : batch;
      const failedSet = new Set(failed);
      const written = batch.filter((entry) => !failedSet.has(entry));
      if (written.length > 0) matrix.flushed(written.map(({ sample }) => sample));
      const retried = failed.filter((entry) => entry.attempts + 1 < MAX_ATTEMPTS).map((entry) => ({ ...entry, attempts: entry.attempts + 1 }));
      buffer = [...retried, ...buffer];
      failuresBuffered += retried.filter(({ sample }) => isFailure(sample)).length;
      logger.warn('health: samples not written', { failed: failed.length, retried: retried.length, dropped: failed.length - retried.length, error: error as Error });
    }
  }

  function flush(): Promise<void> {
    chain = chain.then(write);
    return chain;
  }

  // What counts against a target does not wait (a caller's 4xx does, with the successes).
  const due = () => failuresBuffered > 0 || (buffer.length > 0 && now() - buffer[0]!.at >= FLUSH_DUE_AFTER_MS);

  const timer = options.flushIntervalMs === undefined ? undefined : setInterval(() => void flush(), options.flushIntervalMs);
  timer?.unref();

  return {
    record(sample) {
      matrix.observe(sample);
      buffer.push({ sample, attempts: 0, at: now() });
      if (isFailure(sample)) failuresBuffered++;
    },
    flush,
    flushIfDue: () => (due() ? flush() : chain),
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
