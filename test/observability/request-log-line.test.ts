/**
 * The gateway's request line, written without the logger's general path, against what Powertools'
 * logger itself writes for the same entry in the same environment: the same keys in the same
 * order and the same values (the timestamp aside, which differs by the time between the two).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type GatewayLogger } from '../../functions/observability/logger.ts';
import { createRequestLogLine, type RequestLogEntry } from '../../functions/observability/request-log-line.ts';

const entry: RequestLogEntry = {
  requestId: 'req_0123456789abcdef',
  method: 'POST',
  path: '/v1/chat/completions',
  status: 200,
  provider: 'openai',
  model: 'gpt-4o-mini',
  latencyMs: 12,
  inputTokens: 42,
  outputTokens: 20,
  cachedInputTokens: 0,
  costUsd: 0.0000183,
  candidates: 3,
  // Left out of the line, as the logger leaves out empty values.
  errorCode: null,
  errorStatus: undefined,
  note: '',
  // Escaped as JSON escapes it.
  quoted: 'a "quoted" \\ line\nwith ünïcode',
};

/** What one call wrote to stdout, each write as it was made. */
function stdoutOf(write: () => void): string[] {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    write();
  } finally {
    spy.mockRestore();
  }
  return written;
}

/** A line's keys in order, and its values, the timestamp checked to be ISO 8601 in UTC and left out. */
function parsed(line: string): { keys: string[]; values: Record<string, unknown> } {
  const values = JSON.parse(line) as Record<string, unknown>;
  expect(values['timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  return { keys: Object.keys(values), values: { ...values, timestamp: 'checked' } };
}

function expectSameLine(env: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  const logger = createLogger();
  const [byLogger, ...moreByLogger] = stdoutOf(() => logger.info('request', entry));
  const [byLine, ...moreByLine] = stdoutOf(() => createRequestLogLine(logger)(entry));
  expect(moreByLogger).toEqual([]);
  expect(moreByLine).toEqual([]);
  expect(byLine).toMatch(/^\{.*\}\n$/s);
  expect(parsed(byLine!)).toEqual(parsed(byLogger!));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createRequestLogLine', () => {
  it("writes the line Powertools' logger writes", () => {
    expectSameLine({ POWERTOOLS_DEV: undefined, TZ: undefined, _X_AMZN_TRACE_ID: undefined, POWERTOOLS_LOGGER_SAMPLE_RATE: undefined });
  });

  it("with the X-Ray trace id of the invocation, Lambda's time zone and the functions' service variable, as the logger does", () => {
    expectSameLine({
      POWERTOOLS_DEV: undefined,
      TZ: ':UTC',
      POWERTOOLS_SERVICE_NAME: 'gateway',
      _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1',
    });
  });

  it('with the sample rate the environment sets', () => {
    expectSameLine({ POWERTOOLS_DEV: undefined, TZ: undefined, POWERTOOLS_LOGGER_SAMPLE_RATE: '0.25' });
  });

  it("writes nothing when the logger's level is above INFO, and again once it is not", () => {
    vi.stubEnv('POWERTOOLS_DEV', undefined);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
    const logger = createLogger();
    const line = createRequestLogLine(logger);
    expect(stdoutOf(() => line(entry))).toEqual([]);
    (logger as unknown as { setLogLevel(level: string): void }).setLogLevel('INFO');
    expect(stdoutOf(() => line(entry))).toHaveLength(1);
  });

  it("leaves the line to the logger where it could not write the logger's: another logger, its dev mode, a time zone other than UTC", () => {
    const other: GatewayLogger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    createRequestLogLine(other)(entry);
    expect(other.info).toHaveBeenCalledWith('request', entry);

    for (const env of [{ POWERTOOLS_DEV: 'true' }, { TZ: 'Europe/Paris' }]) {
      for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
      const logger = createLogger();
      const info = vi.spyOn(logger, 'info').mockImplementation(() => {});
      createRequestLogLine(logger)(entry);
      expect(info).toHaveBeenCalledWith('request', entry);
      vi.unstubAllEnvs();
    }
  });
});
