import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../functions/ingress/openai-chat/chat-request-schema.ts';
import type { Call } from '../../functions/core/call.ts';
import { COMPLEXITY_WEIGHTS, describeFeatures, scoreComplexity } from '../../functions/routing/score-complexity.ts';
import { callOf } from './routing-fixtures.ts';

const ask = (content: string, fields: Record<string, unknown> = {}): Call =>
  callOf(chatRequestSchema().parse({ model: 'switchyard/auto', messages: [{ role: 'user', content }], ...fields }));

const tool = (name: string) => ({
  type: 'function',
  function: { name, description: `The ${name} tool`, parameters: { type: 'object', properties: { path: { type: 'string' } } } },
});

const REFACTOR = `Refactor the session handling out of these three files into one module, keep the public API, and update the tests.

1. Move token refresh from auth.ts into session.ts.
2. Make middleware.ts call the new module instead of reading cookies itself.
3. Delete the duplicated expiry check.

\`\`\`ts
// auth.ts
export async function refresh(token: string): Promise<string> {
  const response = await fetch('/refresh', { method: 'POST', body: token });
  if (!response.ok) throw new Error('refresh failed');
  return response.text();
}
\`\`\`

\`\`\`ts
// middleware.ts
export function requireSession(req: Request) {
  const cookie = req.headers.get('cookie') ?? '';
  if (!cookie.includes('sid=')) return new Response(null, { status: 401 });
}
\`\`\``;

describe('scoreComplexity', () => {
  it.each([
    'What is the capital of France?',
    'hi!',
    'Translate "good morning" into Spanish.',
    'Write a haiku about autumn leaves.',
    'Summarize this in one sentence: the meeting moved to Thursday because the room was booked.',
  ])('a simple prompt scores low: %s', (prompt) => {
    expect(scoreComplexity(ask(prompt)).score).toBeLessThanOrEqual(0.2);
  });

  it('a proof scores high, explained by math', () => {
    const result = scoreComplexity(
      ask('Prove that for every integer $n \\ge 1$, $\\sum_{k=1}^{n} (2k-1) = n^2$. Use induction and show each step.'),
    );
    expect(result.score).toBeGreaterThanOrEqual(0.5);
    expect(result.features[0]?.feature).toBe('math');
  });

  it('a multi-file refactor with tools scores high, explained by code, steps and tools', () => {
    const result = scoreComplexity(ask(REFACTOR, { tools: [tool('read_file'), tool('write_file'), tool('run_tests')] }));
    expect(result.score).toBeGreaterThanOrEqual(0.7);
    const names = result.features.map((f) => f.feature);
    expect(names).toEqual(expect.arrayContaining(['code', 'multiStep', 'tools']));
    expect(names[0]).toBe('code');
  });

  it('the score is the capped sum of the contributions, each value times its weight', () => {
    const result = scoreComplexity(ask('Compare the trade-offs of two designs.', { response_format: { type: 'json_object' }, reasoning_effort: 'low' }));
    const sum = result.features.reduce((total, f) => total + f.contribution, 0);
    expect(result.score).toBeCloseTo(Math.min(1, sum), 2);
    for (const f of result.features) expect(f.contribution).toBeCloseTo(f.value * COMPLEXITY_WEIGHTS[f.feature], 2);
    expect(describeFeatures(result.features)).toMatch(/^[a-zA-Z]+:\d\.\d\d(,[a-zA-Z]+:\d\.\d\d)*$/);
  });

  it('a request with no signal has no features', () => {
    expect(scoreComplexity(ask('hello'))).toEqual({ score: 0, features: [] });
  });

  describe('monotone in each feature', () => {
    const score = (request: Call, promptTokens?: number) =>
      scoreComplexity(request, promptTokens === undefined ? {} : { promptTokens }).score;

    it('prompt length', () => {
      const scores = [100, 1_000, 5_000, 20_000, 100_000].map((tokens) => score(ask('Explain this log.'), tokens));
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
      expect(scores.at(-1)).toBeGreaterThan(scores[0]!);
    });

    it('reasoning effort', () => {
      const scores = (['minimal', 'low', 'medium', 'high', 'xhigh'] as const).map((effort) => score(ask('Plan a trip.', { reasoning_effort: effort })));
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
      expect(scores.at(-1)).toBeGreaterThan(scores[0]!);
    });

    it('numbered steps', () => {
      const steps = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}. Do part ${i + 1}.`).join('\n');
      const scores = [1, 2, 4, 6, 8].map((n) => score(ask(`Please help:\n${steps(n)}`)));
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
      expect(scores.at(-1)).toBeGreaterThan(scores[0]!);
    });

    it('tools offered', () => {
      const scores = [0, 1, 3, 6].map((n) => score(ask('Fix the failing build.', n ? { tools: Array.from({ length: n }, (_, i) => tool(`t${i}`)) } : {})));
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
      expect(scores.at(-1)).toBeGreaterThan(scores[0]!);
    });

    it('conversation depth', () => {
      const conversation = (turns: number) => {
        const messages = [];
        for (let i = 0; i < turns; i++) messages.push({ role: 'user', content: `Question ${i}` }, { role: 'assistant', content: `Answer ${i}` });
        messages.push({ role: 'user', content: 'And then?' });
        return callOf(chatRequestSchema().parse({ model: 'switchyard/auto', messages }));
      };
      const scores = [0, 2, 5, 10].map((turns) => score(conversation(turns), 100));
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
      expect(scores.at(-1)).toBeGreaterThan(scores[0]!);
    });
  });

  it('reads the last user message, not an earlier one or the system prompt', () => {
    const request = callOf(
      chatRequestSchema().parse({
        model: 'switchyard/auto',
        messages: [
          { role: 'system', content: 'Prove theorems rigorously: $\\int_0^1 x^2 dx$.' },
          { role: 'user', content: 'Prove that sqrt(2) is irrational.' },
          { role: 'assistant', content: 'Suppose it were rational...' },
          { role: 'user', content: 'Thanks! What time is it in Tokyo?' },
        ],
      }),
    );
    expect(scoreComplexity(request, { promptTokens: 100 }).features.map((f) => f.feature)).not.toContain('math');
  });
});
