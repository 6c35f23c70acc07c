/**
 * Structured JSON logs through Powertools for AWS Lambda, the same locally and in Lambda. Request
 * logs carry ids, provider, model, status, timings and token counts; never prompt text or keys.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export type GatewayLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export const createLogger = (): GatewayLogger => new Logger({ serviceName: 'switchyard' });
