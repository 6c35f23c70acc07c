/**
 * The set-up every end-to-end test file shares: a fake provider on loopback, the gateway started
 * as `npm start` starts it and pointed at that fake, and an OpenAI SDK client of the gateway.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.ts';

export interface GatewayUnderTest {
  upstream: FakeUpstream;
  gateway: GatewayProcess;
  client: OpenAI;
}

/** Registers the hooks; the fields are there from the first test on. */
export function useGateway(
  env: (upstreamUrl: string) => Record<string, string> | Promise<Record<string, string>>,
  clientKey = 'no-key-needed-in-test',
): GatewayUnderTest {
  const under = {} as GatewayUnderTest;
  beforeAll(async () => {
    under.upstream = await startFakeUpstream();
    under.gateway = await startGatewayProcess(await env(under.upstream.url));
    under.client = new OpenAI({ baseURL: under.gateway.baseURL, apiKey: clientKey, maxRetries: 0 });
  });
  afterAll(async () => {
    await under.gateway?.stop();
    await under.upstream?.close();
  });
  beforeEach(() => {
    under.upstream.requests.length = 0;
  });
  return under;
}
