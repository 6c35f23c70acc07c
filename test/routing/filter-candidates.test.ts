import { describe, expect, it } from 'vitest';
import type { Capability } from '../../functions/catalog/catalog-schema.ts';
import { filterCandidates } from '../../functions/routing/filter-candidates.ts';
import { requestNeeds, type RequestNeeds } from '../../functions/routing/request-needs.ts';
import { ALL_KEYS, call, candidateFor, configWith, fullConfig, ids } from './routing-fixtures.ts';

const needs = (capabilities: Capability[] = [], promptTokens = 100, outputTokens = 0): RequestNeeds => ({ capabilities: new Set(capabilities), promptTokens, outputTokens });
/** A prompt counted by the tokenizer. */
const exact = (total: number) => ({ total, estimated: false });

describe('requestNeeds', () => {
  it('needs nothing special for plain text, and reserves no output without a limit', () => {
    expect(requestNeeds(call(), exact(42))).toEqual({ capabilities: new Set(), promptTokens: 42, outputTokens: 0 });
  });

  it('takes the low end of a cheap estimate, so that a cold instance refuses no prompt that may fit', () => {
    // 160,000 estimated may be 128,000 exactly: within a 128k window.
    expect(requestNeeds(call({ max_tokens: 1000 }), { total: 160_000, estimated: true }).promptTokens).toBe(128_000);
    expect(requestNeeds(call({ max_tokens: 1000 }), exact(160_000)).promptTokens).toBe(160_000);
  });

  it('keeps a model that cannot write as many tokens as the request reserves (its limit is lowered to the model’s), when the prompt and what it can write fit', () => {
    const config = fullConfig;
    const fits = filterCandidates([candidateFor('gpt-4o', 'requested', config)], { needs: needs([], 100_000, 32_000), residency: undefined }, config);
    expect(ids(fits.kept.map((candidate) => candidate.target))).toEqual(['openai/gpt-4o']);
    // 120,000 + 16,384 (gpt-4o's most) is over its 128,000 window.
    const over = filterCandidates([candidateFor('gpt-4o', 'requested', config)], { needs: needs([], 120_000, 32_000), residency: undefined }, config);
    expect(over.kept).toEqual([]);
    expect(over.excluded.map(({ reason }) => reason)).toEqual(['context window 128000 < 136384 tokens needed']);
  });

  it('needs tools when tools are offered or a tool result is in the conversation', () => {
    const tool = { type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } };
    expect(requestNeeds(call({ tools: [tool] }), exact(10)).capabilities).toEqual(new Set(['tools']));
    expect(requestNeeds(call({ tools: [] }), exact(10)).capabilities).toEqual(new Set());
    const history = [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    ];
    expect(requestNeeds(call({ messages: history }), exact(10)).capabilities).toEqual(new Set(['tools']));
  });

  it('needs json_schema for a schema response format, not for json_object', () => {
    const schema = { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } };
    expect(requestNeeds(call({ response_format: schema }), exact(10)).capabilities).toEqual(new Set(['json_schema']));
    expect(requestNeeds(call({ response_format: { type: 'json_object' } }), exact(10)).capabilities).toEqual(new Set());
  });

  it('needs vision, audio and pdf from the parts of user messages', () => {
    const content = [
      { type: 'text', text: 'what is this?' },
      { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
      { type: 'file', file: { file_id: 'file-1' } },
    ];
    expect(requestNeeds(call({ messages: [{ role: 'user', content }] }), exact(10)).capabilities).toEqual(new Set(['vision', 'audio', 'pdf']));
  });

  it('adds the reserved output to the prompt, max_completion_tokens first', () => {
    expect(requestNeeds(call({ max_tokens: 500 }), exact(1000)).outputTokens).toBe(500);
    expect(requestNeeds(call({ max_tokens: 500, max_completion_tokens: 2000 }), exact(1000)).outputTokens).toBe(2000);
  });
});

describe('filterCandidates', () => {
  it('keeps what every check lets through, in order', () => {
    const candidates = ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'mistral/mistral-small-latest'].map((name) => candidateFor(name));
    const { kept, excluded } = filterCandidates(candidates, { needs: needs(), residency: undefined }, fullConfig);
    expect(ids(kept)).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'mistral/mistral-small-latest']);
    expect(excluded).toEqual([]);
  });

  it('excludes a provider without credentials, naming the variable to set', () => {
    const config = configWith({ OPENAI_API_KEY: 'sk' });
    const candidates = [candidateFor('openai/gpt-4o-mini', 'member', config), candidateFor('anthropic/claude-haiku-4-5', 'member', config)];
    const { kept, excluded } = filterCandidates(candidates, { needs: needs(), residency: undefined }, config);
    expect(ids(kept)).toEqual(['openai/gpt-4o-mini']);
    expect(excluded).toEqual([
      { candidate: candidates[1], kind: 'not_configured', reason: 'anthropic is not configured (set ANTHROPIC_API_KEY)', setting: 'ANTHROPIC_API_KEY' },
    ]);
  });

  it('names what configures Bedrock', () => {
    const { excluded } = filterCandidates([candidateFor('bedrock/us.meta.llama3-3-70b-instruct-v1:0', 'member', configWith())], { needs: needs(), residency: undefined }, configWith());
    expect(excluded[0]?.setting).toMatch(/SWITCHYARD_BEDROCK_REGION .* AWS_BEARER_TOKEN_BEDROCK/);
  });

  it('excludes a target the key may not use', () => {
    const candidates = [candidateFor('openai/gpt-4o-mini'), candidateFor('anthropic/claude-haiku-4-5')];
    const { kept, excluded } = filterCandidates(candidates, { needs: needs(), residency: undefined, policy: { allows: (target) => target.startsWith('anthropic/') } }, fullConfig);
    expect(ids(kept)).toEqual(['anthropic/claude-haiku-4-5']);
    expect(excluded).toMatchObject([{ kind: 'not_allowed', reason: 'not allowed for this key' }]);
  });

  it('keeps eu and eu-* regions for eu, and only the exact region for eu-central-1', () => {
    const config = configWith({ ...ALL_KEYS, SWITCHYARD_BEDROCK_REGION: 'eu-central-1' });
    const candidates = ['mistral/mistral-small-latest', 'bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0', 'openai/gpt-4o-mini', 'deepseek/deepseek-chat'].map((name) =>
      candidateFor(name, 'member', config),
    );
    expect(ids(candidates).map((id, index) => `${id}@${candidates[index]?.target.region}`)).toEqual([
      'mistral/mistral-small-latest@eu',
      'bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0@eu-central-1',
      'openai/gpt-4o-mini@us',
      'deepseek/deepseek-chat@cn',
    ]);

    const eu = filterCandidates(candidates, { needs: needs(), residency: ['eu'] }, config);
    expect(ids(eu.kept)).toEqual(['mistral/mistral-small-latest', 'bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0']);
    expect(eu.excluded.map((exclusion) => [exclusion.kind, exclusion.reason])).toEqual([
      ['residency', 'region us is outside eu'],
      ['residency', 'region cn is outside eu'],
    ]);

    const frankfurt = filterCandidates(candidates, { needs: needs(), residency: ['eu-central-1'] }, config);
    expect(ids(frankfurt.kept)).toEqual(['bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0']);
    expect(frankfurt.excluded[0]?.reason).toBe('region eu is outside eu-central-1');

    expect(ids(filterCandidates(candidates, { needs: needs(), residency: ['eu', 'us'] }, config).kept)).toHaveLength(3);
  });

  it('excludes a model missing a capability, naming every one missing', () => {
    const candidates = ['groq/llama-3.3-70b-versatile', 'deepseek/deepseek-chat', 'openai/gpt-4o-mini'].map((name) => candidateFor(name));
    const { kept, excluded } = filterCandidates(candidates, { needs: needs(['tools', 'vision', 'json_schema']), residency: undefined }, fullConfig);
    expect(ids(kept)).toEqual(['openai/gpt-4o-mini']);
    expect(excluded.map((exclusion) => [exclusion.candidate.target.id, exclusion.kind, exclusion.reason])).toEqual([
      ['groq/llama-3.3-70b-versatile', 'capability', 'no vision, json_schema support'],
      ['deepseek/deepseek-chat', 'capability', 'no vision support'],
    ]);
  });

  it('excludes a model whose context window cannot hold the prompt and the reserved output', () => {
    const candidates = ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'].map((name) => candidateFor(name));
    expect(ids(filterCandidates(candidates, { needs: needs([], 128_000), residency: undefined }, fullConfig).kept)).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4.1-mini']);
    const { kept, excluded } = filterCandidates(candidates, { needs: needs([], 128_001), residency: undefined }, fullConfig);
    expect(ids(kept)).toEqual(['openai/gpt-4.1-mini']);
    expect(excluded).toMatchObject([{ kind: 'context_window', reason: 'context window 128000 < 128001 tokens needed' }]);
  });

  it('keeps a provider/model without a catalog entry whatever it needs, but not outside the residency', () => {
    const direct = candidateFor('openai/gpt-9-experimental', 'requested');
    expect(ids(filterCandidates([direct], { needs: needs(['vision', 'audio'], 10_000_000), residency: undefined }, fullConfig).kept)).toEqual(['openai/gpt-9-experimental']);
    expect(filterCandidates([direct], { needs: needs(), residency: ['eu'] }, fullConfig).excluded).toMatchObject([{ kind: 'residency' }]);
  });

  it('checks credentials before the key, the key before residency, residency before capabilities', () => {
    const config = configWith({ MISTRAL_API_KEY: 'm' });
    const unconfigured = candidateFor('openai/gpt-4o-mini', 'member', config);
    const mistral = candidateFor('mistral/mistral-large-latest', 'member', config);
    const input = { needs: needs(['vision'], 10_000_000), residency: ['us'], policy: { allows: () => false } };
    expect(filterCandidates([unconfigured, mistral], input, config).excluded.map((exclusion) => exclusion.kind)).toEqual(['not_configured', 'not_allowed']);
    expect(filterCandidates([mistral], { ...input, policy: { allows: () => true } }, config).excluded[0]?.kind).toBe('residency');
    expect(filterCandidates([mistral], { ...input, policy: { allows: () => true }, residency: ['eu'] }, config).excluded[0]?.kind).toBe('capability');
  });
});

