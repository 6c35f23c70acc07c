/**
 * The EMF lines Powertools writes for the gateway, the worker and the probe. As Powertools'
 * testing guide suggests, `POWERTOOLS_DEV` makes Metrics write through the global `console`, so a
 * spy on `console.log` captures each EMF document; `POWERTOOLS_METRICS_DISABLED=false` turns
 * metrics on outside Lambda (dev mode alone would turn them off).
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createModelResolver } from '../../functions/catalog/resolve-model.ts';
import { loadConfig } from '../../functions/config/load-config.ts';
import { createProbe } from '../../functions/health/create-probe.ts';
import { createGateway } from '../../functions/http/create-gateway.ts';
import type { HttpHandler, HttpResponse } from '../../functions/http/http-types.ts';
import { createWorkerHandler } from '../../functions/jobs/create-worker-handler.ts';
import type { JobPathStore } from '../../functions/jobs/job-path-store.ts';
import type { JobStore } from '../../functions/jobs/job-store.ts';
import type { ChatService } from '../../functions/serve/chat-service.ts';
import type { GatewayLogger } from '../../functions/observability/logger.ts';
import { createMetrics, metricsEnabled } from '../../functions/observability/metrics.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { readRecordedJson, recordedSseBody } from '../support/recorded.ts';

interface Emf {
  _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  [key: string]: unknown;
}

let upstream: FakeUpstream;
let consoleLog: MockInstance<Console['log']>;
/** EMF lines written straight to stdout, as Powertools does outside dev mode (and in Lambda). */
let stdoutEmf: string[];

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies GatewayLogger;

/** The EMF documents written since the test began, through console.log or straight to stdout. */
const emitted = (): Emf[] =>
  [...consoleLog.mock.calls.map(([line]) => String(line)), ...stdoutEmf]
    .filter((line) => line.startsWith('{"_aws"'))
    .map((line) => JSON.parse(line) as Emf);

/** A document's metric definitions as name → unit. */
const units = (emf: Emf) => Object.fromEntries(emf._aws.CloudWatchMetrics[0]!.Metrics.map(({ Name, Unit }) => [Name, Unit]));

const metricsOn = () => {
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
};

const gateway = (): HttpHandler => {
  const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-openai-metrics', OPENAI_BASE_URL: `${upstream.url}/v1` });
  return createGateway(config, { logger, engine: createEngine({ config, resolver: createModelResolver(config.catalog), logger }) });
};

const chat = (handler: HttpHandler, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  handler({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
    signal: new AbortController().signal,
  });

async function drain(response: HttpResponse): Promise<string> {
  if (typeof response.body === 'string') return response.body;
  let text = '';
  for await (const piece of response.body) text += piece;
  return text;
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream?.close();
});
beforeEach(() => {
  consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
  stdoutEmf = [];
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    if (String(chunk).startsWith('{"_aws"')) return Boolean(stdoutEmf.push(String(chunk)));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write);
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', undefined);
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', undefined);
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', undefined);
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.clearAllMocks();
});

describe('gateway request metrics', () => {
  it('publishes one document for a non-streaming answer: requests, latency and tokens by provider, model and status class', async () => {
    metricsOn();
    upstream.reply(() => ({ json: readRecordedJson('openai', 'openai-text') }));
    const response = await chat(gateway(), { model: 'gpt-4.1-nano' });
    expect(response.status).toBe(200);

    const [emf, ...rest] = emitted();
    expect(rest).toEqual([]);
    expect(emf!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Switchyard',
      Dimensions: [
        ['service', 'statusClass'],
        ['service', 'provider'],
        ['service', 'provider', 'model', 'statusClass'],
      ],
    });
    expect(units(emf!)).toEqual({
      Requests: 'Count',
      Latency: 'Milliseconds',
      InputTokens: 'Count',
      OutputTokens: 'Count',
      CachedInputTokens: 'Count',
    });
    expect(emf).toMatchObject({
      service: 'gateway',
      statusClass: '2xx',
      provider: 'openai',
      model: 'gpt-4.1-nano',
      Requests: 1,
      InputTokens: 16,
      OutputTokens: 363,
      CachedInputTokens: 0,
    });
    expect(emf!.Latency).toBeTypeOf('number');
    // Nothing from the request itself: no request id, path or client value.
    expect(Object.keys(emf!).sort()).toEqual(
      ['_aws', 'service', 'statusClass', 'provider', 'model', 'Requests', 'Latency', 'InputTokens', 'OutputTokens', 'CachedInputTokens'].sort(),
    );
    // The sets share keys, as EMF allows: Powertools' warning about that is not logged (in Lambda, two WARN lines a request).
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('publishes a stream when it ends, with its usage and the latency to the end', async () => {
    metricsOn();
    upstream.reply(() => ({ chunks: [recordedSseBody('openai', 'openai-text')], delayMs: 0 }));
    const response = await chat(gateway(), { model: 'openai/gpt-4.1-nano', stream: true });
    expect(response.status).toBe(200);
    expect(emitted()).toEqual([]); // the headers are out, the stream is not over

    const body = await drain(response);
    expect(body.trim().endsWith('data: [DONE]')).toBe(true);
    const [emf, ...rest] = emitted();
    expect(rest).toEqual([]);
    expect(emf).toMatchObject({ service: 'gateway', statusClass: '2xx', provider: 'openai', model: 'gpt-4.1-nano', Requests: 1, InputTokens: 16, OutputTokens: 300 });
    expect(emf!._aws.CloudWatchMetrics[0]!.Namespace).toBe('Switchyard');
  });

  it('counts an upstream failure under UpstreamErrors by error code, in a document of its own', async () => {
    metricsOn();
    upstream.reply(() => ({ status: 500, json: { error: { message: 'boom', type: 'server_error' } } }));
    const response = await chat(gateway(), { model: 'openai/gpt-4.1-nano' });
    expect(response.status).toBe(502);

    const documents = emitted();
    expect(documents).toHaveLength(2);
    const upstreamErrors = documents.find((emf) => 'UpstreamErrors' in emf)!;
    expect(upstreamErrors._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Switchyard', Dimensions: [['service', 'provider', 'errorCode']] });
    expect(upstreamErrors).toMatchObject({ service: 'gateway', provider: 'openai', errorCode: 'upstream_error', UpstreamErrors: 1 });
    const request = documents.find((emf) => 'Requests' in emf)!;
    expect(request).toMatchObject({ statusClass: '5xx', provider: 'openai', model: 'gpt-4.1-nano', Requests: 1 });
    expect(request).not.toHaveProperty('InputTokens');
  });

  it("keeps cardinality bounded: a model outside the catalog is 'other', a provider's own error code its status", async () => {
    metricsOn();
    upstream.reply(() => ({ status: 429, json: { error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' } } }));
    const response = await chat(gateway(), { model: 'openai/my-fine-tune-42' });
    expect(response.status).toBe(429);
    const documents = emitted();
    expect(documents.find((emf) => 'Requests' in emf)).toMatchObject({ statusClass: '4xx', provider: 'openai', model: 'other' });
    expect(documents.find((emf) => 'UpstreamErrors' in emf)).toMatchObject({ errorCode: 'upstream_429' });
  });

  it('publishes a request no provider served under the status class only, and no UpstreamErrors', async () => {
    metricsOn();
    const response = await chat(gateway(), { model: 'nobody/nothing' });
    expect(response.status).toBe(404);
    const [emf, ...rest] = emitted();
    expect(rest).toEqual([]);
    expect(emf!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'statusClass']]);
    expect(emf).toMatchObject({ statusClass: '4xx', Requests: 1 });
    expect(emf).not.toHaveProperty('provider');
  });

  it('takes its namespace from POWERTOOLS_METRICS_NAMESPACE', async () => {
    metricsOn();
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'SwitchyardStaging');
    upstream.reply(() => ({ json: readRecordedJson('openai', 'openai-text') }));
    await chat(gateway(), { model: 'gpt-4.1-nano' });
    expect(emitted()[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe('SwitchyardStaging');
  });

  it('writes EMF straight to stdout in Lambda (outside dev mode)', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'switchyard-gateway');
    upstream.reply(() => ({ json: readRecordedJson('openai', 'openai-text') }));
    await chat(gateway(), { model: 'gpt-4.1-nano' });
    expect(consoleLog).not.toHaveBeenCalled();
    expect(stdoutEmf).toHaveLength(1);
    expect(JSON.parse(stdoutEmf[0]!)).toMatchObject({ service: 'gateway', provider: 'openai', Requests: 1 });
  });

  it('emits nothing outside Lambda by default, nor in Lambda with POWERTOOLS_METRICS_DISABLED=true', async () => {
    upstream.reply(() => ({ json: readRecordedJson('openai', 'openai-text') }));
    await chat(gateway(), { model: 'gpt-4.1-nano' });

    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'switchyard-gateway');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_DEV', 'true'); // EMF would go to console.log if it were written
    await chat(gateway(), { model: 'gpt-4.1-nano' });

    expect(emitted()).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('logs a failure to publish instead of throwing it, and starts the next document clean', () => {
    metricsOn();
    const metrics = createMetrics({ service: 'gateway', logger });
    expect(() =>
      metrics.publish((emf) => {
        emf.addMetric('Requests', 'Count', 1);
        throw new Error('broken metric');
      }),
    ).not.toThrow();
    expect(logger.warn).toHaveBeenCalledWith('metrics: could not publish', expect.objectContaining({ service: 'gateway' }));
    metrics.publish((emf) => emf.addMetric('Latency', 'Milliseconds', 5));
    const [emf, ...rest] = emitted();
    expect(rest).toEqual([]);
    expect(emf).toMatchObject({ Latency: 5 });
    expect(emf).not.toHaveProperty('Requests');
  });
});

describe('when metrics are on', () => {
  it('follows POWERTOOLS_METRICS_DISABLED when set, and otherwise Lambda without POWERTOOLS_DEV', () => {
    expect(metricsEnabled({})).toBe(false);
    expect(metricsEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'fn' })).toBe(true);
    expect(metricsEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'fn', POWERTOOLS_DEV: 'true' })).toBe(false);
    expect(metricsEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'fn', POWERTOOLS_METRICS_DISABLED: 'true' })).toBe(false);
    expect(metricsEnabled({ POWERTOOLS_METRICS_DISABLED: 'false' })).toBe(true);
    expect(metricsEnabled({ POWERTOOLS_METRICS_DISABLED: '0', POWERTOOLS_DEV: 'true' })).toBe(true);
    expect(metricsEnabled({ POWERTOOLS_METRICS_DISABLED: 'maybe' })).toBe(false);
  });
});

describe('worker and probe metrics', () => {
  const sqsRecord = (messageId: string, receiveCount: number): SQSRecord =>
    ({ messageId, body: JSON.stringify({ jobId: `job-${messageId}` }), attributes: { ApproximateReceiveCount: String(receiveCount) } }) as unknown as SQSRecord;

  it('publishes Jobs and JobLatency by outcome for each message', async () => {
    metricsOn();
    const store = {
      claimJob: async (jobId: string) => {
        if (jobId === 'job-missing') return undefined;
        throw new Error('DynamoDB is down');
      },
      getJob: async () => undefined,
    } as unknown as JobStore;
    // Every claim fails before a path is chosen: nothing past the store may be reached.
    const unreachable = () => {
      throw new Error('not reached: no job is claimed');
    };
    const worker = createWorkerHandler({
      store,
      chats: {} as ChatService,
      serve: unreachable,
      callerOf: unreachable,
      paths: {} as JobPathStore,
      planner: { plan: unreachable, allows: unreachable },
      target: unreachable,
      sendJobMessage: unreachable,
      costOf: unreachable,
      logger,
      leaseMs: 1000,
      maxReceiveCount: 3,
    });
    const event: SQSEvent = { Records: [sqsRecord('missing', 1), sqsRecord('down', 1), sqsRecord('down-last', 3)] };
    const { batchItemFailures } = await worker(event);
    expect(batchItemFailures).toHaveLength(2);

    const documents = emitted();
    expect(documents.map((emf) => emf.outcome).sort()).toEqual(['failed', 'missing', 'retried']);
    for (const emf of documents) {
      expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Switchyard', Dimensions: [['service', 'outcome']] });
      expect(units(emf)).toEqual({ Jobs: 'Count', JobLatency: 'Milliseconds' });
      expect(emf).toMatchObject({ service: 'worker', Jobs: 1 });
    }
  });

  it('publishes ProbeSamples by target and outcome', async () => {
    metricsOn();
    upstream.reply(() => ({ status: 503, json: { error: { message: 'overloaded' } } }));
    const client = { send: async () => ({}) } as unknown as DocumentClient;
    const probe = createProbe({
      config: loadConfig({ OPENAI_API_KEY: 'sk-openai-metrics', OPENAI_BASE_URL: `${upstream.url}/v1` }, { requireGatewayKeys: false }),
      settings: { targetNames: ['openai/gpt-4.1-nano'], timeoutMs: 5_000 },
      logger,
      client,
      tableName: 'health',
    });
    await probe.run();
    const [emf, ...rest] = emitted();
    expect(rest).toEqual([]);
    expect(emf!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Switchyard', Dimensions: [['service', 'target', 'outcome']] });
    expect(emf).toMatchObject({ service: 'probe', target: 'openai/gpt-4.1-nano', outcome: '5xx', ProbeSamples: 1 });
  });
});
