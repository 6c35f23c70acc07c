/**
 * The gateway's own health samples: `record` counts a sample in the matrix at once and buffers
 * it; `flush` writes the buffer as one batch (recordHealthSamples: one update per target and
 * minute), never one write per request. Health must never fail a request: `flush` never
 * rejects, a failure is logged. Samples of items that failed are kept for one more try at the
 * next flush (only those: the items that were written must not be added twice), then dropped.
 *
 * In Lambda the adapter calls `flush` after the response has ended; under `npm start` a timer
 * (`flushIntervalMs`) flushes too.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GatewayLogger } from '../observability/logger.ts';
import type { HealthMatrix } from './health-matrix.ts';
import { healthPartitionKey, healthSortKey } from './health-keys.ts';
import type { HealthSample } from './health-sample.ts';
import { HealthWriteError, recordHealthSamples } from './record-health-samples.ts';

export interface HealthRecorderOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  matrix: Pick<HealthMatrix, 'observe' | 'flushed'>;
  logger: GatewayLogger;
  /** Flush on an unref'd timer this often (npm start); none when undefined (Lambda). */
  flushIntervalMs?: number | undefined;
}

export interface HealthRecorder {
  record(sample: HealthSample): void;
  /** Writes what is buffered; resolves when written or given up on (after any flush in progress). */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is left. */
  stop(): Promise<void>;
}

/** Tries per sample: the first, and one retry at the next flush. */
const MAX_ATTEMPTS = 2;

interface Buffered {
  sample: HealthSample;
  attempts: number;
}

const itemKey = (pk: string, sk: string) => `${pk}\u0000${sk}`;
const sampleKey = (sample: HealthSample) => itemKey(healthPartitionKey(sample.target), healthSortKey(sample.at));

export function createHealthRecorder(options: HealthRecorderOptions): HealthRecorder {
  const { client, tableName, matrix, logger } = options;
  let buffer: Buffered[] = [];
  let chain: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
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
      logger.warn('health: samples not written', { failed: failed.length, retried: retried.length, dropped: failed.length - retried.length, error: error as Error });
    }
  }

  function flush(): Promise<void> {
    chain = chain.then(write);
    return chain;
  }

  const timer = options.flushIntervalMs === undefined ? undefined : setInterval(() => void flush(), options.flushIntervalMs);
  timer?.unref();

  return {
    record(sample) {
      matrix.observe(sample);
      buffer.push({ sample, attempts: 0 });
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
