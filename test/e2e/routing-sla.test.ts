/**
 * The SLA end to end: the engine learns a target's latency from the calls it makes, and a request
 * whose SLA that target would miss goes to one that can meet it, even at a higher price.
 */
import { describe, expect, it } from 'vitest';
import { createProviderRouter, providerOf } from '../support/provider-router.ts';
import { useGateway } from '../support/use-gateway.ts';

const providers = createProviderRouter();
const under = useGateway((url) => ({ OPENAI_API_KEY: 'sk-openai', OPENAI_BASE_URL: `${url}/v1`, ANTHROPIC_API_KEY: 'sk-ant', ANTHROPIC_BASE_URL: url }));

const hello = [{ role: 'user' as const, content: 'Say hello.' }];
/**
 * The SLA is a real-time budget, of which a candidate that another could follow gets three
 * quarters: far more than a loaded machine's stalls, so that the target meeting it is never cut
 * short. It is a latency bucket's bound (latency-buckets.ts) and the cheapest target's calls take
 * longer, in the bucket above: its chance of meeting the SLA is exactly 0.
 */
const SLA_MS = 1_600;
const SLOW_MS = 1_700;

describe('a latency SLA', () => {
  it('moves a request off the cheapest target once its measured latency would miss the SLA', async () => {
    under.upstream.reply(providers.handler);
    providers.set('openai', { kind: 'ok', delayMs: SLOW_MS });
    // Without an SLA the cheapest serves, slow as it is, and the gateway measures it: five calls at once.
    const measured = await Promise.all(
      Array.from({ length: 5 }, () => under.client.chat.completions.create({ model: 'switchyard/fast', messages: hello }).withResponse()),
    );
    expect(measured.map(({ response }) => response.headers.get('x-switchyard-provider'))).toEqual(Array(5).fill('openai'));
    under.upstream.requests.length = 0;

    const { response } = await under.client.chat.completions
      .create({ model: 'switchyard/fast', messages: hello, max_completion_tokens: 50 }, { headers: { 'x-switchyard-max-latency-ms': String(SLA_MS) } })
      .withResponse();
    expect(under.upstream.requests.map(providerOf)).toEqual(['anthropic']);
    const route = response.headers.get('x-switchyard-route')!;
    expect(route).toMatch(/^anthropic\/claude-haiku-4-5; reason="cheapest feasible"/);
    expect(route).toMatch(/openai\/gpt-4o-mini\(\$[\d.]+,sla=0\.00\)/);
  });
});
