import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqsClient } from '../../functions/aws/sqs-client.ts';
import { DEFAULT_DATA_DIR, localDataDir, startLocalTopology, type LocalTopology } from '../../functions/local/start-local-topology.ts';
import { silentLogger, waitFor } from './local-test-helpers.ts';

const running: LocalTopology[] = [];
afterEach(async () => {
  for (const topology of running.splice(0)) await topology.close();
});

describe('startLocalTopology', () => {
  it('starts the embedded endpoints, gives the gateway their variables, and feeds the worker from the jobs queue', async () => {
    const env: Record<string, string | undefined> = { NODE_ENV: 'test' };
    const events: SQSEvent[] = [];
    const topology = await startLocalTopology({ env, port: 0, logger: silentLogger, worker: async (event) => void events.push(event) });
    running.push(topology);

    expect(topology.aws?.dataDir).toBeUndefined();
    expect(env).toMatchObject({ DYNAMODB_ENDPOINT: topology.aws?.dynamoDbEndpoint, SQS_ENDPOINT: topology.aws?.sqsEndpoint, JOBS_TABLE_NAME: 'jobs' });
    const models = await fetch(`${topology.server.url}/v1/models`);
    expect(models.status).toBe(200);
    // Stored responses are wired to the embedded table: an unknown id is looked up (404), not a 503.
    expect((await fetch(`${topology.server.url}/v1/responses/resp_unknown`)).status).toBe(404);

    const sqs = createSqsClient(env);
    await sqs.send(new SendMessageCommand({ QueueUrl: env.JOBS_QUEUE_URL, MessageBody: '{"jobId":"j1"}' }));
    await waitFor(() => events[0], 5_000, 'the worker');
    expect(events[0]?.Records[0]?.body).toBe('{"jobId":"j1"}');
    sqs.destroy();
  });

  it('embeds nothing when an endpoint is configured or embedding is turned off', async () => {
    for (const env of [{ NODE_ENV: 'test', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' }, { NODE_ENV: 'test', SWITCHYARD_EMBEDDED_AWS: '0' }]) {
      const topology = await startLocalTopology({ env: { ...env }, port: 0, logger: silentLogger });
      running.push(topology);
      expect(topology.aws).toBeUndefined();
    }
  });

  it('keeps data in .data/ for development runs, elsewhere when told, in memory otherwise', () => {
    expect(localDataDir({ NODE_ENV: 'development' })).toBe(DEFAULT_DATA_DIR);
    expect(DEFAULT_DATA_DIR).toMatch(/[\\/]\.data$/);
    expect(localDataDir({ NODE_ENV: 'development', SWITCHYARD_IN_MEMORY: '1' })).toBeUndefined();
    expect(localDataDir({ NODE_ENV: 'production', SWITCHYARD_DATA_DIR: '/tmp/sy' })).toBe('/tmp/sy');
    expect(localDataDir({ NODE_ENV: 'test' })).toBeUndefined();
    expect(localDataDir({ NODE_ENV: 'production' })).toBeUndefined();
  });
});
