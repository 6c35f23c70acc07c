/**
 * Structured JSON logs through Powertools for AWS Lambda, the same locally and in Lambda. Request
 * logs carry ids, provider, model, status, timings and token counts; never prompt text or keys.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export type GatewayLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** The `service` of every line. */
export const SERVICE_NAME = 'switchyard';

/** The loggers createLogger made: what their lines hold is known (request-log-line.ts writes one of them itself). */
const made = new WeakSet<GatewayLogger>();

export function createLogger(): GatewayLogger {
  const logger = new Logger({ serviceName: SERVICE_NAME });
  made.add(logger);
  return logger;
}

/** Whether createLogger made this logger: Powertools' logger with SERVICE_NAME and nothing appended. */
export const isCreatedLogger = (logger: GatewayLogger): logger is Logger => made.has(logger);
