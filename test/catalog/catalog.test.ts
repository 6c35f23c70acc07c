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
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => loadCatalog(join(dir, 'bad.json'))).toThrow(CatalogError);
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

  it('answers unknown providers and aliases with 404 model_not_found', () => {
    for (const name of ['acme/model', 'not-an-alias', 'openai/', '/gpt-4o']) {
      expect(() => resolver.resolve(name), name).toThrow(expect.objectContaining({ status: 404, code: 'model_not_found', param: 'model' }));
    }
  });
});
