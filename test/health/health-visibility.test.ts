/**
 * Which targets GET /v1/health shows a key: the engine's health view, fed samples as the chat
 * route feeds it, asked by callers whose policies are read as the gateway reads them.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_POLICIES_VARIABLE } from '../../functions/config/read-key-policies.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { callerOf, UNRESTRICTED } from '../../functions/routing/caller.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import { createCandidateExpander } from '../../functions/routing/expand-candidates.ts';
import { silentLogger } from '../local/local-test-helpers.ts';
import { ALL_KEYS, configWith, resolver } from '../routing/routing-fixtures.ts';

const digest = (key: string) => createHash('sha256').update(key).digest('hex');
const FINE_TUNE = 'openai/ft:gpt-4o:acme-corp:secret-project:abc123';
const config = configWith({
  ...ALL_KEYS,
  [KEY_POLICIES_VARIABLE]: JSON.stringify([
    { key_sha256: digest('acme'), models: ['openai/gpt-4o-mini', FINE_TUNE] },
    { key_sha256: digest('openai-any'), models: ['openai/*'] },
  ]),
});
const sample = (target: string): HealthSample => ({ target, outcome: 'ok', ttfbMs: 100, totalMs: 300, outputTokens: 10, at: Date.now() });

function engineWithTraffic() {
  const engine = createEngine({ config, resolver, logger: silentLogger });
  for (const target of [FINE_TUNE, 'openai/gpt-4o-mini', 'mistral/some-private-deployment']) engine.recordSample(sample(target));
  return engine;
}
const targetsFor = (engine: ReturnType<typeof createEngine>, key: string | undefined) =>
  engine.health(key === undefined ? UNRESTRICTED : callerOf(digest(key), config.keyPolicies)).map((health) => health.target);

describe('the health view per key', () => {
  it('shows a key without a policy every catalog target and no target outside the catalog', () => {
    const engine = engineWithTraffic();
    const catalog = createCandidateExpander(config.catalog, config, resolver)
      .knownTargets()
      .map((target) => target.id);
    expect(targetsFor(engine, undefined).sort()).toEqual([...catalog].sort());
    expect(targetsFor(engine, 'no-policy').sort()).toEqual([...catalog].sort());
  });

  it('shows a key with a policy the catalog targets it may use, and a target outside the catalog only when its policy names it', () => {
    const engine = engineWithTraffic();
    expect(targetsFor(engine, 'acme').sort()).toEqual([FINE_TUNE, 'openai/gpt-4o-mini'].sort());
    const openaiAny = targetsFor(engine, 'openai-any');
    expect(openaiAny).toContain('openai/gpt-4o-mini');
    expect(openaiAny).not.toContain(FINE_TUNE);
    expect(openaiAny.every((target) => target.startsWith('openai/'))).toBe(true);
  });
});
