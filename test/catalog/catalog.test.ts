import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog, parseCatalog } from '../../functions/catalog/load-catalog.ts';
import { createModelResolver } from '../../functions/catalog/resolve-model.ts';

describe('the catalog', () => {
  it('validates the bundled catalog', () => {
    expect(loadCatalog().models.length).toBeGreaterThan(10);
  });

  it('rejects a duplicate alias and a malformed entry, naming them', () => {
    const entry = { id: 'openai/a', aliases: ['x'], released: '2025-01-01', context_window: 1, max_output_tokens: 1 };
    expect(() => parseCatalog({ models: [entry, { ...entry, id: 'openai/b' }] }, 'test')).toThrow(/'x' already names openai\/a/);
    expect(() => parseCatalog({ models: [{ ...entry, context_window: -1 }] }, 'test')).toThrow(/context_window/);
    expect(() => parseCatalog({ models: [{ ...entry, id: 'opneai/gpt-4o' }] }, 'test')).toThrow(/provider the gateway does not know/);
    const equivalents = (set: unknown) => parseCatalog({ models: [entry, { ...entry, id: 'groq/b', aliases: [] }], equivalents: [set] }, 'test');
    expect(() => equivalents({ aliases: ['x'], models: ['openai/a', 'groq/b'] })).toThrow(/'x' already names openai\/a/);
    expect(() => equivalents({ aliases: ['y'], models: ['openai/a', 'groq/c'] })).toThrow(/'groq\/c' is not a model in the catalog/);
    expect(() => equivalents({ aliases: [], models: ['openai/a', 'groq/b'] })).toThrow(/aliases/);
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => loadCatalog(join(dir, 'bad.json'))).toThrow(CatalogError);
  });
});

describe('equivalents', () => {
  const entry = { released: '2025-01-01', context_window: 1, max_output_tokens: 1 };
  const models = [{ ...entry, id: 'openai/a', aliases: ['a-at-openai'] }, { ...entry, id: 'groq/a' }];

  it('reads a bare list as a set without a name of its own, and a named set with its aliases', () => {
    expect(parseCatalog({ models, equivalents: [['openai/a', 'groq/a']] }, 'test').equivalents).toEqual([{ aliases: [], models: ['openai/a', 'groq/a'] }]);
    expect(parseCatalog({ models, equivalents: [{ aliases: ['a'], models: ['groq/a', 'openai/a'] }] }, 'test').equivalents).toEqual([{ aliases: ['a'], models: ['groq/a', 'openai/a'] }]);
  });

  it("resolves a set's alias to its first model without naming the provider, and a model's alias naming it", () => {
    const resolver = createModelResolver(parseCatalog({ models, equivalents: [{ aliases: ['a'], models: ['groq/a', 'openai/a'] }] }, 'test'));
    expect(resolver.resolve('a')).toMatchObject({ provider: { id: 'groq' }, model: 'a', providerNamed: false });
    expect(resolver.resolve('a-at-openai')).toMatchObject({ provider: { id: 'openai' }, model: 'a', providerNamed: true });
    expect(resolver.resolve('openai/a')).toMatchObject({ provider: { id: 'openai' }, providerNamed: true });
  });

  it('gives the bundled catalog model names that leave the provider open, and provider aliases that do not', () => {
    const resolver = createModelResolver(loadCatalog());
    for (const name of ['claude-haiku-4-5', 'claude-sonnet-4-5', 'llama-3.3-70b', 'deepseek-v3']) expect(resolver.resolve(name).providerNamed, name).toBe(false);
    for (const name of ['bedrock-claude-haiku-4-5', 'bedrock-llama-3.3-70b', 'gpt-4o', 'deepseek-chat']) expect(resolver.resolve(name).providerNamed, name).toBe(true);
  });
});

describe('createModelResolver', () => {
  const resolver = createModelResolver(loadCatalog());

  it('resolves aliases and provider/model names, sending everything after the first slash upstream', () => {
    expect(resolver.resolve('gpt-4o')).toMatchObject({ provider: { id: 'openai' }, model: 'gpt-4o', entry: { context_window: 128000 } });
    expect(resolver.resolve('anthropic/claude-brand-new')).toMatchObject({ provider: { id: 'anthropic' }, model: 'claude-brand-new', entry: undefined });
    expect(resolver.resolve('together/meta-llama/Llama-3.3-70B-Instruct-Turbo')).toMatchObject({
      provider: { id: 'together' },
      model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    });
  });

  it("takes Anthropic's own ids as Anthropic's: dated snapshots with their undated model's facts, ids newer than the catalog as they are", () => {
    expect(resolver.resolve('claude-sonnet-4-5-20250929')).toMatchObject({
      provider: { id: 'anthropic' },
      model: 'claude-sonnet-4-5-20250929',
      entry: { id: 'anthropic/claude-sonnet-4-5' },
      // Its undated model is an equivalents set's: the provider stays open, as for the set's alias.
      providerNamed: false,
    });
    expect(resolver.resolve('claude-opus-4-1-20250805')).toMatchObject({ model: 'claude-opus-4-1-20250805', entry: { id: 'anthropic/claude-opus-4-1' }, providerNamed: true });
    expect(resolver.resolve('claude-opus-4-7')).toMatchObject({ provider: { id: 'anthropic' }, model: 'claude-opus-4-7', entry: undefined, providerNamed: true });
    // A listed alias keeps its meaning.
    expect(resolver.resolve('claude-sonnet-4-5')).toMatchObject({ model: 'claude-sonnet-4-5', providerNamed: false });
    expect(resolver.resolve('claude-3-5-haiku')).toMatchObject({ model: 'claude-3-5-haiku-latest' });
  });

  it('answers unknown providers and aliases with 404 model_not_found', () => {
    for (const name of ['acme/model', 'not-an-alias', 'openai/', '/gpt-4o', 'claude', 'Claude-Sonnet', 'claude-x/../y']) {
      expect(() => resolver.resolve(name), name).toThrow(expect.objectContaining({ status: 404, code: 'model_not_found', param: 'model' }));
    }
  });
});

describe('model names that are not safe to send', () => {
  const resolver = createModelResolver(loadCatalog());

  it('refuses dot segments and path or query syntax for every provider, with a 400 naming model', () => {
    const unsafe = [
      'bedrock/..',
      'bedrock/.',
      'gemini/..',
      'gemini/.',
      'openai/..',
      'together/meta-llama/..',
      'bedrock/arn:aws:bedrock:us-east-1:123456789012:inference-profile/../../x',
      'bedrock/%2e%2e',
      'gemini/%2E%2E',
      'gemini/gemini-2.5-flash?alt=sse',
      'gemini/gemini-2.5-flash#x',
      'bedrock/a\\..',
      'openai/gpt\u0000',
      'openai/gpt 4',
      'openai/gpt\u00e9',
      // One path segment for these providers: no '/' but in a Bedrock ARN.
      'gemini/models/gemini-2.5-flash',
      'bedrock/us.anthropic.claude/../converse',
      'bedrock/x/y',
    ];
    for (const name of unsafe) {
      expect(() => resolver.resolve(name), name).toThrow(expect.objectContaining({ status: 400, kind: 'invalid_request', fault: 'caller', code: 'invalid_value', param: 'model' }));
    }
  });

  it('still sends real model names: fine-tuned ids with colons, org/model names, Bedrock ids and ARNs', () => {
    const names: Array<[string, string]> = [
      ['openai/ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:abc123', 'ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:abc123'],
      ['together/meta-llama/Llama-3.3-70B-Instruct-Turbo', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'],
      ['bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      ['bedrock/arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      ['gemini/gemini-2.5-flash', 'gemini-2.5-flash'],
      ['openai/v1.2..3', 'v1.2..3'],
    ];
    for (const [name, model] of names) expect(resolver.resolve(name), name).toMatchObject({ model });
  });
});
