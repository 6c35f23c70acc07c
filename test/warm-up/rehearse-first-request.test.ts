/**
 * warm-up/rehearse-first-request.ts: the Lambda start's rehearsal runs a streamed chat completion
 * to its end through the Function URL adapter, with the `awslambda` global as the Node.js runtime
 * has it (`HttpResponseStream.from` sets the stream's content type and writes the prelude before
 * the first write), and nothing of it reaches a provider or uses a key of the deployment's.
 */
import dns from 'node:dns';
import { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, providerKeys } from '../../functions/config/load-config.ts';
import type { GatewayLogger } from '../../functions/observability/logger.ts';
import { configForRehearsal, rehearseFirstRequest } from '../../functions/warm-up/rehearse-first-request.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';

let upstream: FakeUpstream;
const contentTypes: string[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream();
  // As aws-lambda-nodejs-runtime-interface-client's HttpResponseStream does it.
  vi.stubGlobal('awslambda', {
    streamifyResponse: (handler: unknown) => handler,
    HttpResponseStream: {
      from(stream: { setContentType(type: string): void; _onBeforeFirstWrite?: unknown }, prelude: object) {
        stream.setContentType('application/vnd.awslambda.http-integration-response');
        contentTypes.push('application/vnd.awslambda.http-integration-response');
        stream._onBeforeFirstWrite = (write: (chunk: string | Uint8Array) => void) => {
          write(JSON.stringify(prelude));
          write(new Uint8Array(8));
        };
        return stream;
      },
    },
  });
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await upstream?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A deployment's environment once its secret is merged in: keys for several providers, OpenAI's at the fake upstream. */
const deploymentEnv = () => ({
  NODE_ENV: 'production',
  SWITCHYARD_API_KEYS: 'sk-deployment-gateway-key',
  OPENAI_API_KEY: 'sk-deployment-openai',
  OPENAI_BASE_URL: `${upstream.url}/v1`,
  ANTHROPIC_API_KEY: 'sk-ant-deployment',
  GEMINI_API_KEY: 'deployment-gemini',
  AWS_REGION: 'eu-west-1',
});

const recordingLogger = () => {
  const lines: Array<[level: string, message: string]> = [];
  const at = (level: string) => (message: string) => void lines.push([level, message]);
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as GatewayLogger, lines };
};

describe('the rehearsal of the first request', () => {
  it('serves a streamed chat completion to its end, through the Function URL adapter and the runtime response stream', async () => {
    const { logger, lines } = recordingLogger();
    const outcome = await rehearseFirstRequest(deploymentEnv(), logger);

    // Its target priced, so that routing and the route's explanation run their pricing paths.
    expect(outcome).toEqual({ status: 200, provider: 'openai', route: expect.stringMatching(/candidates=openai\/[^(]+\(\$[0-9]/), completed: true });
    expect(contentTypes).toContain('application/vnd.awslambda.http-integration-response');
    expect(lines).toEqual([]);
  });

  it("opens no connection and looks no name up: nothing arrives at the deployment's OPENAI_BASE_URL", async () => {
    const connect = vi.spyOn(Socket.prototype, 'connect');
    const lookup = vi.spyOn(dns, 'lookup');
    const before = upstream.requests.length;
    const outcome = await rehearseFirstRequest(deploymentEnv(), recordingLogger().logger);

    expect(outcome.completed).toBe(true);
    expect(connect).not.toHaveBeenCalled();
    expect(lookup).not.toHaveBeenCalled();
    expect(upstream.requests.length).toBe(before);
  });

  it("keeps no key of the deployment's: only its own provider is configured, keyless, at an address that never resolves", () => {
    const config = configForRehearsal(loadConfig(deploymentEnv()));

    expect(providerKeys(config.providers)).toEqual([]);
    expect(config.gatewayKeys).toEqual(['sk-switchyard-rehearsal']);
    const configured = [...config.providers.values()].filter((provider) => provider.configured);
    expect(configured.map((provider) => [provider.definition.id, provider.baseUrl])).toEqual([['openai', 'http://rehearsal.invalid/v1']]);
  });

  it('resolves when its in-memory provider breaks, as a request whose provider cannot be reached', async () => {
    const { logger, lines } = recordingLogger();
    const outcome = await rehearseFirstRequest(deploymentEnv(), logger, {
      answer: () => {
        throw new Error('no answer');
      },
    });

    expect(outcome).toEqual({ status: 503, provider: undefined, route: expect.stringContaining('attempts=openai/'), completed: false });
    expect(lines).toEqual([['debug', 'warm-up: the rehearsal did not complete']]);
  });

  it('lets the start go on after its time limit', async () => {
    const { logger, lines } = recordingLogger();
    // The answer's first content, then nothing: a body that says it is longer than it is.
    const stalled = () => {
      const body = 'data: {"id":"c","object":"chat.completion.chunk","created":0,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Re"},"finish_reason":null}]}\n\n';
      return `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: ${body.length + 1000}\r\n\r\n${body}`;
    };
    const outcome = await rehearseFirstRequest(deploymentEnv(), logger, { answer: stalled, timeLimitMs: 50 });

    expect(outcome).toEqual({ status: 200, provider: 'openai', route: expect.any(String), completed: false });
    expect(lines).toEqual([['debug', 'warm-up: the rehearsal took longer than 50 ms; the start goes on without it']]);
  });

  it('resolves and logs at debug when it cannot run, leaving the start to fail on its own terms', async () => {
    const { logger, lines } = recordingLogger();
    const outcome = await rehearseFirstRequest({ ...deploymentEnv(), SWITCHYARD_MAX_REQUEST_BYTES: 'lots' }, logger);

    expect(outcome).toEqual({ status: undefined, provider: undefined, route: undefined, completed: false });
    expect(lines).toEqual([['debug', 'warm-up: the rehearsal failed']]);
  });
});
