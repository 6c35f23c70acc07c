/**
 * CloudWatch metrics as Embedded Metric Format (EMF) lines through Powertools for AWS Lambda:
 * CloudWatch Logs turns each line into metrics, so publishing is a synchronous write to stdout,
 * with no API call and no IAM permission beyond writing the function's own log group.
 *
 * Off by default outside Lambda, so `npm start` and the tests print no EMF lines. Powertools alone
 * publishes everywhere unless `POWERTOOLS_METRICS_DISABLED` is true or `POWERTOOLS_DEV` is on;
 * here, when `POWERTOOLS_METRICS_DISABLED` is set it decides, as in Powertools (`false` turns
 * metrics on locally), and when it is unset metrics are on only inside Lambda
 * (`AWS_LAMBDA_FUNCTION_NAME` is set) and not in Powertools' dev mode (`POWERTOOLS_DEV`).
 * A failure to publish is logged, never thrown: metrics must not break a request.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Environment } from '../config/read-environment.ts';
import type { GatewayLogger } from './logger.ts';

export { MetricUnit };

/** The namespace the stack's dashboard reads; `POWERTOOLS_METRICS_NAMESPACE` overrides it. */
export const METRICS_NAMESPACE = 'Switchyard';

/** The `service` dimension of each function's metrics; `POWERTOOLS_SERVICE_NAME` overrides it. */
export const METRICS_SERVICES = { gateway: 'gateway', worker: 'worker', probe: 'probe', deadLetters: 'dead-letters', poller: 'poller' } as const;

export interface MetricsPublisher {
  /** False when nothing is published (outside Lambda, or disabled). */
  readonly enabled: boolean;
  /**
   * Records what `record` adds (metrics, dimension sets) and writes it as one EMF line, at once
   * and synchronously, so concurrent requests never share a document. Never throws.
   */
  publish(record: (metrics: Metrics) => void): void;
}

export interface CreateMetricsOptions {
  /** Which function publishes: the `service` dimension. */
  service: string;
  logger: GatewayLogger;
  env?: Environment;
}

const DISABLED: MetricsPublisher = { enabled: false, publish: () => {} };

// Powertools' boolean spellings (commons' getBooleanFromEnv with extended parsing).
const TRUE_VALUES = new Set(['1', 'y', 'yes', 't', 'true', 'on']);
const FALSE_VALUES = new Set(['0', 'n', 'no', 'f', 'false', 'off']);
const flag = (value: string | undefined) => value?.trim().toLowerCase() || undefined;

/** Whether metrics are published in this environment (see the rule above). */
export function metricsEnabled(env: Environment): boolean {
  const disabled = flag(env.POWERTOOLS_METRICS_DISABLED);
  if (disabled !== undefined) return FALSE_VALUES.has(disabled);
  const devMode = TRUE_VALUES.has(flag(env.POWERTOOLS_DEV) ?? '');
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME) && !devMode;
}

/**
 * Powertools (2.36) warns whenever a key is in more than one dimension set, on every document. EMF
 * lets dimension sets share keys (a key has one value in the document, whichever sets name it),
 * and the gateway's request metrics share theirs by design (request-metrics.ts): deployed, that
 * would be two WARN lines beside every request's EMF line. That warning alone is dropped.
 */
const SHARED_DIMENSION_KEY = /^EMF key "[^"]*" is defined as both a dimension set and dimension set;/;

const withoutSharedDimensionWarnings = (logger: GatewayLogger) => ({
  debug: logger.debug.bind(logger),
  info: logger.info.bind(logger),
  warn: (message: string, ...rest: unknown[]) => {
    if (!SHARED_DIMENSION_KEY.test(message)) (logger.warn as (...content: unknown[]) => void)(message, ...rest);
  },
  error: logger.error.bind(logger),
});

export function createMetrics({ service, logger, env = process.env }: CreateMetricsOptions): MetricsPublisher {
  if (!metricsEnabled(env)) return DISABLED;
  let metrics: Metrics;
  try {
    // Powertools reads POWERTOOLS_METRICS_DISABLED and POWERTOOLS_DEV again, from process.env: they agree.
    metrics = new Metrics({
      namespace: env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
      serviceName: env.POWERTOOLS_SERVICE_NAME || service,
      logger: withoutSharedDimensionWarnings(logger),
    });
  } catch (error) {
    logger.warn('metrics: could not be set up, none will be published', { error: error as Error });
    return DISABLED;
  }
  return {
    enabled: true,
    publish(record) {
      try {
        record(metrics);
        metrics.publishStoredMetrics();
      } catch (error) {
        logger.warn('metrics: could not publish', { service, error: error as Error });
        // What was recorded before the failure must not leak into the next document.
        metrics.clearMetrics();
        metrics.clearDimensions();
        metrics.clearMetadata();
      }
    },
  };
}
