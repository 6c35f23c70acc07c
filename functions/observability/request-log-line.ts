/**
 * The gateway's `request` line, the one log line every request writes, as Powertools' logger
 * writes its lines: the same keys in the same order (level, message, timestamp, service,
 * sampling_rate, xray_trace_id, then the entry's), empty values left out, one JSON line on stdout,
 * at the logger's own level. Written here rather than through `logger.info`, whose general path
 * (attribute merging, a JSON replacer, a Console) cost the deployed gateway about 0.05 ms of CPU
 * per request more than this line does, about a tenth of what it spends on a streamed request
 * (docs/benchmarks.md). Wherever this could not write what the logger would (a logger that is
 * not createLogger's, its dev mode, a time zone other than UTC), the logger writes the line.
 * createLogger's loggers get no persistent keys or correlation id, which a line written here would
 * not show.
 */
import { getXRayTraceIdFromEnv, isDevMode } from '@aws-lambda-powertools/commons/utils/env';
import type { Environment } from '../config/read-environment.ts';
import { isCreatedLogger, SERVICE_NAME, type GatewayLogger } from './logger.ts';

/** What a request's line says beside the logger's own keys: ids, route, outcome, counts. */
export type RequestLogEntry = Record<string, string | number | null | undefined>;

/** Powertools' threshold for INFO (LogLevelThreshold.INFO): a logger whose `level` is above it writes no INFO line. */
const INFO_THRESHOLD = 12;

export function createRequestLogLine(logger: GatewayLogger, env: Environment = process.env): (entry: RequestLogEntry) => void {
  const viaLogger = (entry: RequestLogEntry) => logger.info('request', entry);
  if (!isCreatedLogger(logger) || isDevMode() || !isUtc(env['TZ'])) return viaLogger;
  // As createLogger's logger has them: the service it was made with, the sample rate from the environment.
  const head = '{"level":"INFO","message":"request","timestamp":';
  const service = JSON.stringify(SERVICE_NAME);
  const samplingRate = `,"sampling_rate":${sampleRate(env)}`;
  return (entry) => {
    if (logger.level > INFO_THRESHOLD) return;
    const traceId = getXRayTraceIdFromEnv();
    let line = `${head}"${new Date().toISOString()}","service":${service}${samplingRate}`;
    if (traceId) line += `,"xray_trace_id":${JSON.stringify(traceId)}`;
    for (const key in entry) {
      const value = entry[key];
      if (value !== undefined && value !== null && value !== '') line += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
    }
    process.stdout.write(`${line}}\n`);
  };
}

/** Powertools formats timestamps in UTC unless `TZ` names another zone. */
const isUtc = (tz: string | undefined) => tz === undefined || tz.trim() === '' || tz.includes('UTC');

/** POWERTOOLS_LOGGER_SAMPLE_RATE when it is a rate (0 to 1), as the logger takes it; 0 otherwise. */
function sampleRate(env: Environment): number {
  const rate = Number((env['POWERTOOLS_LOGGER_SAMPLE_RATE'] ?? '0').trim());
  return rate >= 0 && rate <= 1 ? rate : 0;
}
