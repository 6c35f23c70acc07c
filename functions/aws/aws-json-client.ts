/**
 * A signed call to an AWS service that speaks the JSON protocol (DynamoDB, SQS, Secrets Manager):
 * one POST with the operation in `X-Amz-Target`, SigV4 over Node's `http`/`https` with keep-alive,
 * retried on throttling, 5xx answers and dropped connections (aws-retry.ts). What the functions
 * need of AWS at every cold start and on every request, without the SDK's clients: those cost a
 * Lambda instance about 130 ms of its start here (docs/benchmarks.md, "Cold start"). S3, which
 * speaks XML, keeps the SDK.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { readText, sendRequest, type Agents } from '../net/send-request.ts';
import type { AwsTarget } from './aws-client-config.ts';
import { serviceEndpoint, type EndpointService } from './aws-endpoint.ts';
import { MAX_ATTEMPTS, isRetryable, retryDelayMs } from './aws-retry.ts';
import { AwsServiceError, errorFromAnswer } from './aws-service-error.ts';
import { createSigner, signPost, type Signer } from './sign-post.ts';

export interface AwsJsonService extends EndpointService {
  /** The signing name and the endpoint's first label: `dynamodb`, `sqs`, `secretsmanager`. */
  name: EndpointService['name'];
  /** `X-Amz-Target`'s prefix: `DynamoDB_20120810`, `AmazonSQS`, `secretsmanager`. */
  targetPrefix: string;
  jsonVersion: '1.0' | '1.1';
}

export interface AwsJsonClientOptions extends AwsTarget {
  service: AwsJsonService;
  /** An attempt not answered whole within this fails (and is retried). 10 s by default. */
  timeoutMs?: number;
  /** Tests replace the wait between attempts and its jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The region when `region` is unset: AWS's default chain (a profile's), loaded on first use. */
  defaultRegion?: () => Promise<string | undefined>;
}

export interface AwsJsonClient {
  /** The operation's answer, parsed; an AwsServiceError once the attempts are spent or the refusal is final. */
  call<Output>(operation: string, input: object): Promise<Output>;
  /** Closes the kept-alive sockets (a process that ends does not need to). */
  destroy(): void;
}

/** The region AWS's default chain resolves (the SDK's own resolution: a profile's `region`), loaded only when asked. */
const regionOfDefaultChain = async (): Promise<string | undefined> => (await import('#aws-s3')).regionOfDefaultChain();

interface Destination {
  url: URL;
  signer: Signer;
}

export function createAwsJsonClient(options: AwsJsonClientOptions): AwsJsonClient {
  const contentType = `application/x-amz-json-${options.service.jsonVersion}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms));
  const random = options.random ?? Math.random;
  const defaultRegion = options.defaultRegion ?? regionOfDefaultChain;

  // Made on the first call: as with the SDK, a missing region fails the calls, not the making of the client.
  let destination: Promise<Destination> | undefined;
  const agents: Agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const resolveDestination = (): Promise<Destination> =>
    (destination ??= (async () => {
      const region = options.region ?? (await defaultRegion());
      if (!region) throw new AwsServiceError('RegionMissing', `${options.service.name}: no region to call: set AWS_REGION`);
      if (options.endpoint !== undefined && (options.fips || options.dualStack)) {
        const asked = options.fips ? 'AWS_USE_FIPS_ENDPOINT' : 'AWS_USE_DUALSTACK_ENDPOINT';
        throw new AwsServiceError('InvalidConfiguration', `${options.service.name}: ${asked} cannot be combined with a custom endpoint (${options.endpointVariable ?? 'endpoint'}), as with the AWS SDKs: unset one of them`);
      }
      const url = new URL(options.endpoint ?? serviceEndpoint(options.service.name, region, { fips: options.fips === true, dualStack: options.dualStack === true }));
      return { url, signer: createSigner(options.service.name, region, options.credentials) };
    })());

  async function attempt<Output>({ url, signer }: Destination, operation: string, body: string): Promise<Output> {
    const headers = await signPost(signer, url, { 'content-type': contentType, 'x-amz-target': `${options.service.targetPrefix}.${operation}` }, body);
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let answerHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await sendRequest({ method: 'POST', url: url.href, headers, body }, signal, agents);
      status = response.statusCode ?? 0;
      answerHeaders = response.headers;
      text = await readText(response);
    } catch (error) {
      if (signal.aborted) throw new AwsServiceError('TimeoutError', `${options.service.name} did not answer within ${timeoutMs} ms`, { cause: error });
      throw new AwsServiceError('NetworkError', `${options.service.name}: ${(error as Error).message}`, { cause: error });
    }
    if (status !== 200) throw errorFromAnswer(status, answerHeaders, text);
    if (text === '') return {} as Output;
    try {
      return JSON.parse(text) as Output;
    } catch {
      // JSON.parse's message quotes the text, which may be a secret's value: say only what went wrong.
      throw new AwsServiceError('InvalidAnswer', `${options.service.name} answered ${operation} with a body that is not JSON`, { status });
    }
  }

  return {
    async call<Output>(operation: string, input: object): Promise<Output> {
      const to = await resolveDestination();
      const body = JSON.stringify(input);
      for (let attempts = 1; ; attempts++) {
        try {
          return await attempt<Output>(to, operation, body);
        } catch (error) {
          if (attempts >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
          await sleep(retryDelayMs(error as AwsServiceError, attempts, random));
        }
      }
    },
    destroy: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
