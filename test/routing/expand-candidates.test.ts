import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../functions/catalog/load-catalog.ts';
import { createModelResolver } from '../../functions/catalog/resolve-model.ts';
import { CallError } from '../../functions/core/call-error.ts';
import { createCandidateExpander } from '../../functions/routing/expand-candidates.ts';
import { catalog, fullConfig, ids, resolver } from './routing-fixtures.ts';

const expander = createCandidateExpander(catalog, fullConfig, resolver);
const noComplexity = () => {
  throw new Error('complexity is asked only for switchyard/auto');
};

describe('createCandidateExpander', () => {
  it('expands a model to itself, then its equivalents at other providers', () => {
    const set = expander.expand('groq/llama-3.3-70b-versatile', noComplexity);
    expect(set.kind).toBe('target');
    expect(set.candidates.map((candidate) => [candidate.target.id, candidate.role])).toEqual([
      ['groq/llama-3.3-70b-versatile', 'requested'],
      ['together/meta-llama/Llama-3.3-70B-Instruct-Turbo', 'equivalent'],
    ]);
  });

  it('names a target for a model alias too, and only the model for an equivalents set alias', () => {
    expect(expander.expand('llama-3.3-70b', noComplexity)).toEqual({
      kind: 'model',
      candidates: expander.expand('groq/llama-3.3-70b-versatile', noComplexity).candidates,
    });
    expect(expander.expand('gpt-4o', noComplexity).kind).toBe('target');
    expect(expander.expand('deepseek-v3', noComplexity).kind).toBe('model');
  });

  it("gives an Anthropic snapshot id its undated model's target (price, health, breaker) and equivalents, the provider left open, sent as named", () => {
    const claude = { aliases: ['claude-sonnet-4-5'], models: ['anthropic/claude-sonnet-4-5', 'bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0'] };
    const withClaude = { ...catalog, equivalents: [...catalog.equivalents, claude] };
    const expander = createCandidateExpander(withClaude, fullConfig, createModelResolver(withClaude));
    const set = expander.expand('claude-sonnet-4-5-20250929', noComplexity);
    expect(set.kind).toBe('model');
    expect(ids(set.candidates)).toEqual(['anthropic/claude-sonnet-4-5', 'bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0']);
    expect(set.candidates[0]!.target.model).toBe('claude-sonnet-4-5-20250929');
    const named = expander.expand('anthropic/claude-sonnet-4-5-20250929', noComplexity);
    expect(named.kind).toBe('target');
    expect(ids(named.candidates)).toEqual(['anthropic/claude-sonnet-4-5', 'bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0']);
    expect(ids(expander.expand('claude-opus-4-7', noComplexity).candidates)).toEqual(['anthropic/claude-opus-4-7']);
  });

  it('works the same from the other side of an equivalence', () => {
    expect(ids(expander.expand('together/deepseek-ai/DeepSeek-V3', noComplexity).candidates)).toEqual(['together/deepseek-ai/DeepSeek-V3', 'deepseek/deepseek-chat']);
  });

  it('keeps a model without equivalents alone, and a provider/model not in the catalog with no entry', () => {
    expect(ids(expander.expand('anthropic/claude-opus-4-1', noComplexity).candidates)).toEqual(['anthropic/claude-opus-4-1']);
    const [direct, ...rest] = expander.expand('openai/gpt-9-experimental', noComplexity).candidates;
    expect(rest).toEqual([]);
    expect(direct?.target).toMatchObject({ id: 'openai/gpt-9-experimental', model: 'gpt-9-experimental', entry: undefined, region: 'us' });
  });

  it('expands a group to its members in order, each followed by its equivalents', () => {
    const set = expander.expand('switchyard/balanced', noComplexity);
    expect(set).toMatchObject({ kind: 'group', group: 'balanced' });
    expect(set.candidates.map((candidate) => [candidate.target.id, candidate.role])).toEqual([
      ['openai/gpt-4.1-mini', 'member'],
      ['gemini/gemini-2.5-flash', 'member'],
      ['deepseek/deepseek-chat', 'member'],
      ['together/deepseek-ai/DeepSeek-V3', 'equivalent'],
      ['groq/llama-3.3-70b-versatile', 'member'],
      ['together/meta-llama/Llama-3.3-70B-Instruct-Turbo', 'equivalent'],
    ]);
  });

  it('lists each target once, at its first place, when a member is also an equivalent of another', () => {
    const own = parseCatalog(
      {
        ...catalog,
        groups: { ...catalog.groups, llamas: ['together/meta-llama/Llama-3.3-70B-Instruct-Turbo', 'groq/llama-3.3-70b-versatile'] },
      },
      'test',
    );
    const set = createCandidateExpander(own, fullConfig, createModelResolver(own)).expand('switchyard/llamas', noComplexity);
    expect(set.candidates.map((candidate) => [candidate.target.id, candidate.role])).toEqual([
      ['together/meta-llama/Llama-3.3-70B-Instruct-Turbo', 'member'],
      ['groq/llama-3.3-70b-versatile', 'equivalent'],
    ]);
  });

  it.each([
    [0, 'fast'],
    [0.3, 'fast'],
    [0.31, 'balanced'],
    [0.6, 'balanced'],
    [0.61, 'frontier'],
    [1, 'frontier'],
  ])('sends switchyard/auto with complexity %d to the %s tier', (score, group) => {
    let asked = 0;
    const set = expander.expand('switchyard/auto', () => {
      asked += 1;
      return score;
    });
    expect(asked).toBe(1);
    expect(set).toMatchObject({ kind: 'auto', group });
    expect(ids(set.candidates)).toEqual(ids(expander.expand(`switchyard/${group}`, noComplexity).candidates));
  });

  it('answers an unknown group with a 404 listing the groups there are', () => {
    let error: unknown;
    try {
      expander.expand('switchyard/cheap', noComplexity);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect((error as CallError).message).toContain("'switchyard/cheap'");
    expect((error as CallError).message).toContain('switchyard/fast, switchyard/balanced, switchyard/frontier, switchyard/auto');
  });

  it('answers switchyard/auto with a 404 when the catalog has no groups', () => {
    const bare = parseCatalog({ models: catalog.models }, 'test');
    const bareExpander = createCandidateExpander(bare, fullConfig, createModelResolver(bare));
    expect(() => bareExpander.expand('switchyard/auto', () => 0.5)).toThrow(/catalog defines no groups/);
    expect(() => bareExpander.expand('switchyard/fast', noComplexity)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('lets an unknown provider fail as the resolver does', () => {
    expect(() => expander.expand('nosuch/model', noComplexity)).toThrow(expect.objectContaining({ status: 404, code: 'model_not_found' }));
  });

  it('knows every catalog model and group target once', () => {
    const known = ids(expander.knownTargets());
    expect(new Set(known).size).toBe(known.length);
    expect(known).toEqual(expect.arrayContaining(catalog.models.map((model) => model.id)));
    expect(known).toHaveLength(catalog.models.length);
  });
});
