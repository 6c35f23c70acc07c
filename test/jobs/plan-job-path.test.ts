/**
 * The worker's planner with the gateway's own router and bundled prices: a job is planned for the
 * key that submitted it, and turnarounds are asked for the targets that have a price only.
 */
import { describe, expect, it } from 'vitest';
import type { KeyPolicy } from '../../functions/config/read-key-policies.ts';
import { createJobPathPlanner } from '../../functions/jobs/plan-job-path.ts';
import { createTurnaroundBook, type TurnaroundBook } from '../../functions/jobs/turnaround/turnaround-book.ts';
import { UNRESTRICTED, type Caller } from '../../functions/routing/caller.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import { silentLogger } from '../local/local-test-helpers.ts';
import { call, fullConfig, resolver } from '../routing/routing-fixtures.ts';

const START = Date.parse('2026-03-01T12:00:00Z');
const engine = createEngine({ config: fullConfig, resolver, logger: silentLogger });

function planner(callers: Record<string, Caller> = {}) {
  const book = createTurnaroundBook({ logger: silentLogger, now: () => START });
  const asked: string[] = [];
  const turnarounds: Pick<TurnaroundBook, 'know'> = {
    know: (keys) => {
      asked.push(...keys);
      return book.know(keys);
    },
  };
  const { plan } = createJobPathPlanner({
    router: engine.router,
    callerOf: (owner) => callers[owner] ?? UNRESTRICTED,
    prices: engine.prices,
    batchProviders: new Set(['openai', 'anthropic']),
    turnarounds,
    now: () => START,
  });
  return { plan, asked };
}
const job = (model: string, owner = 'open') => ({ call: call({ model }), deadlineAt: START + 3_600_000, owner });

describe('createJobPathPlanner', () => {
  it('asks the turnaround book about priced targets only, so an invented model name costs no read', async () => {
    const { plan, asked } = planner();
    await plan(job('openai/invented-model-123'));
    expect(asked).toEqual([]);
    await plan(job('openai/gpt-5'));
    expect(asked.sort()).toEqual(['batch#openai', 'flex#openai/gpt-5']);
  });

  it("plans a job for its owner's key: only the targets its policy allows", async () => {
    const anthropicOnly: KeyPolicy = { allows: (target) => target.startsWith('anthropic/'), names: () => false };
    const { plan } = planner({ owner: { keyDigest: 'owner', policy: anthropicOnly } });
    const { options } = await plan(job('switchyard/fast', 'owner'));
    expect(new Set(options.map((option) => option.target.id))).toEqual(new Set(['anthropic/claude-haiku-4-5']));
    await expect(plan(job('openai/gpt-5', 'owner'))).rejects.toMatchObject({ status: 403, code: 'model_not_allowed' });
  });
});
