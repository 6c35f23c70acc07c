/**
 * The JSON-protocol client against a local HTTP server standing in for an AWS service: what it
 * sends (the operation, the body, a SigV4 signature the server checks), what it makes of a refusal,
 * and which failures it tries again, on a sleep the test controls.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsJsonClient, type AwsJsonClientOptions } from '../../functions/aws/aws-json-client.ts';
import { AwsServiceError } from '../../functions/aws/aws-service-error.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
const SERVICE = { name: 'dynamodb', serviceId: 'DynamoDB', targetPrefix: 'DynamoDB_20120810', jsonVersion: '1.0' } as const;

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  signatureValid: boolean;
}

type Answer = (response: ServerResponse, request: IncomingMessage) => void;

const received: Received[] = [];
let answers: Answer[] = [];
let endpoint: string;

/** The signature the request should carry, computed by an independent SHA-256 over what arrived. */
async function expectedAuthorization(request: IncomingMessage, body: string): Promise<string | undefined> {
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? '')?.[1]?.split(';') ?? [];
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])]));
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signer = new SignatureV4({ service: 'dynamodb', region: 'eu-west-1', credentials, sha256: Sha256 });
  const [host, port] = String(request.headers.host).split(':');
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: host!, port: Number(port), path: '/', query: {}, headers, body }, { signingDate });
  return signed.headers.authorization;
}

const server = createServer(async (request, response) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  received.push({ headers: request.headers, body, signatureValid: request.headers.authorization === (await expectedAuthorization(request, body)) });
  const answer = answers.shift() ?? ((res) => res.end('{}'));
  answer(response, request);
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => (response) => {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'REQ123', ...headers });
  response.end(JSON.stringify(body));
};

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());
beforeEach(() => {
  received.length = 0;
  answers = [];
});

function client(overrides: Partial<AwsJsonClientOptions> = {}) {
  const waits: number[] = [];
  const made = createAwsJsonClient({
    service: SERVICE,
    region: 'eu-west-1',
    endpoint,
    credentials: async () => credentials,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { client: made, waits };
}

describe('createAwsJsonClient', () => {
  it('posts the operation signed with SigV4 and answers with the parsed body', async () => {
    answers = [json(200, { Item: { pk: { S: 'a' } } })];
    const { client: dynamo } = client();
    const output = await dynamo.call('GetItem', { TableName: 't', Key: { pk: { S: 'a' } } });
    expect(output).toEqual({ Item: { pk: { S: 'a' } } });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request!.headers['x-amz-security-token']).toBe('session-token');
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=.*x-amz-target/);
    expect(request!.signatureValid).toBe(true);
    expect(JSON.parse(request!.body)).toEqual({ TableName: 't', Key: { pk: { S: 'a' } } });
    dynamo.destroy();
  });

  it("names a refusal as the service does, with its message, status and request id, and does not try it again", async () => {
    answers = [json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' })];
    const { client: dynamo, waits } = client();
    const error = await dynamo.call('PutItem', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed', status: 400, requestId: 'REQ123' });
    expect(received).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('tries a throttled or failing call again, up to three attempts, waiting with backoff', async () => {
    answers = [json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' }), json(500, { __type: 'InternalServerError', message: 'oops' }), json(200, { Count: 1 })];
    const { client: dynamo, waits } = client();
    expect(await dynamo.call('Query', {})).toEqual({ Count: 1 });
    expect(received).toHaveLength(3);
    // Throttling waits from 500 ms, other failures from 100 ms, doubling per attempt, times the jitter (0.5 here).
    expect(waits).toEqual([250, 100]);
  });

  it('gives up after the third attempt with the last error', async () => {
    answers = [json(503, {}), json(503, {}), json(503, { __type: 'ServiceUnavailable', message: 'try later' })];
    const { client: dynamo, waits } = client();
    await expect(dynamo.call('Query', {})).rejects.toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    expect(received).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('gives up on an attempt that is never answered, and tries again', async () => {
    // The first attempt hangs for good; only the timeout can end it.
    answers = [() => {}, json(200, { ok: 'second' })];
    const { client: dynamo } = client({ timeoutMs: 50 });
    expect(await dynamo.call('Query', {})).toEqual({ ok: 'second' });
    expect(received).toHaveLength(2);
    dynamo.destroy();
  });

  it('tries again when the connection drops before an answer', async () => {
    answers = [(response) => response.socket?.destroy(), json(200, { ok: true })];
    const { client: dynamo } = client();
    expect(await dynamo.call('Scan', {})).toEqual({ ok: true });
    expect(received).toHaveLength(2);
  });

  it('reads the error type from x-amzn-errortype when the body has none, and survives a body that is not JSON', async () => {
    answers = [(response) => response.writeHead(400, { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/' }).end('<html>bad</html>')];
    const { client: dynamo } = client();
    await expect(dynamo.call('Query', {})).rejects.toMatchObject({ name: 'ValidationException', message: 'HTTP 400', status: 400 });
  });

  it('fails each call, not its making, without a region from the environment or the default chain', async () => {
    const { client: dynamo } = client({ region: undefined, defaultRegion: async () => undefined });
    await expect(dynamo.call('Query', {})).rejects.toMatchObject({ name: 'RegionMissing', message: expect.stringMatching(/AWS_REGION/) });
    expect(received).toEqual([]);
  });

  it("signs for the default chain's region (a profile's) when the environment names none", async () => {
    const { client: dynamo } = client({ region: undefined, defaultRegion: async () => 'eu-west-1' });
    expect(await dynamo.call('Query', {})).toEqual({});
    expect(received[0]!.headers.authorization).toMatch(/\/eu-west-1\/dynamodb\/aws4_request/);
    expect(received[0]!.signatureValid).toBe(true);
    dynamo.destroy();
  });

  it('reaches an endpoint at an IPv6 address', async () => {
    const server6 = createServer((_request, response) => json(200, { ok: 6 })(response, _request));
    server6.listen(0, '::1');
    await once(server6, 'listening');
    try {
      const { client: dynamo } = client({ endpoint: `http://[::1]:${(server6.address() as AddressInfo).port}` });
      expect(await dynamo.call('Query', {})).toEqual({ ok: 6 });
      dynamo.destroy();
    } finally {
      server6.close();
    }
  });

  it('says a 200 whose body is not JSON is not, without quoting it', async () => {
    answers = [(response) => response.writeHead(200).end('{"SecretString":"sk-proj-secret"')];
    const { client: secrets } = client();
    const error = await secrets.call('GetSecretValue', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'InvalidAnswer', status: 200 });
    expect(String((error as Error).message)).not.toContain('sk-proj');
  });

  it('refuses FIPS or dual-stack with a custom endpoint, as the SDKs do, before sending anything', async () => {
    for (const settings of [{ fips: true }, { dualStack: true }]) {
      const { client: refused } = client({ ...settings, endpointVariable: 'AWS_ENDPOINT_URL_DYNAMODB' });
      const error = await refused.call('GetItem', {}).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'InvalidConfiguration' });
      expect(String((error as Error).message)).toContain('AWS_ENDPOINT_URL_DYNAMODB');
    }
    expect(received).toEqual([]);
  });
});
