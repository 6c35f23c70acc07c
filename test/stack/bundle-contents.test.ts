/**
 * What the Lambda bundles hold, from esbuild's metafile with the stack's options: the functions
 * that read the pricing table carry no price dataset (create-engine.ts's fallback for running
 * without a store), no function carries the tokenizer's tables in index.mjs, and the gateway no
 * undici beside Node's own HTTP client, and no zod translations but its English messages (what
 * `import { z }` pulls in: 264 KB), each of which would cost every cold start its parse; the
 * tables are a side module beside it, found through the asset's package.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildBundle, buildSideFiles, bundleParts } from '../../lib/build-bundle.ts';
import { FUNCTIONS } from '../../functions/infrastructure/resource-definitions.ts';

/** Each entry bundled once for the whole file: a build takes seconds. */
const built = new Map<string, ReturnType<typeof buildBundle>>();
const bundle = (entry: string) => {
  if (!built.has(entry)) built.set(entry, buildBundle(entry));
  return built.get(entry)!;
};

describe('the Lambda bundles', () => {
  it.each([FUNCTIONS.gateway.entry, FUNCTIONS.worker.entry])('%s holds no price dataset and no tokenizer tables', async (entry) => {
    const { code, metafile } = await bundle(entry);
    const parts = bundleParts(metafile).map(({ part }) => part);
    expect(parts).toContain('(project)');
    expect(parts).not.toContain('@pydantic/genai-prices');
    expect(parts).not.toContain('gpt-tokenizer');
    // Left to the side module, imported by name.
    expect(new TextDecoder().decode(code)).toContain('import("#o200k")');
  });

  it.each([FUNCTIONS.gateway.entry, FUNCTIONS.probe.entry])('%s holds one HTTP parser, Node\'s: no undici', async (entry) => {
    const parts = bundleParts((await bundle(entry)).metafile).map(({ part }) => part);
    expect(parts).toContain('(project)');
    expect(parts).not.toContain('undici');
  });

  it.each([FUNCTIONS.gateway.entry, FUNCTIONS.worker.entry])('%s holds zod without its translations', async (entry) => {
    const inputs = Object.values((await bundle(entry)).metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    const zod = inputs.filter((input) => input.includes('node_modules/zod/'));
    expect(zod.length).toBeGreaterThan(0);
    expect(zod.filter((input) => input.includes('/locales/') && !input.endsWith('/locales/en.js'))).toEqual([]);
  });

  it.each(Object.values(FUNCTIONS).map(({ entry }) => entry))('%s takes Node built-ins as require does, never through an ESM import', async (entry) => {
    const code = new TextDecoder().decode((await bundle(entry)).code);
    const builtins = new Set(builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`])));
    const imported = [...code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)].map(([, specifier]) => specifier!);
    expect(imported.filter((specifier) => builtins.has(specifier))).toEqual([]);
    // The built-ins are still there, taken through process.getBuiltinModule.
    expect(code).toContain('process.getBuiltinModule("node:http")');
  });

  it('the side module loads by its import name from an asset laid out as deployed', async () => {
    const asset = mkdtempSync(join(tmpdir(), 'switchyard-asset-'));
    try {
      for (const { file, contents } of await buildSideFiles()) writeFileSync(join(asset, file), contents);
      // A module at the asset's root, where index.mjs is, asking for it as the bundle does.
      writeFileSync(join(asset, 'index.mjs'), "export const load = () => import('#o200k');\n");
      const { load } = (await import(pathToFileURL(join(asset, 'index.mjs')).href)) as { load: () => Promise<{ countTokens(text: string): number }> };
      expect((await load()).countTokens('Hello, world')).toBe(3);
    } finally {
      rmSync(asset, { recursive: true, force: true });
    }
  });

  it('the pricing seed, which writes the dataset into the table, does hold it', async () => {
    const parts = bundleParts((await bundle('seed-prices.ts')).metafile).map(({ part }) => part);
    expect(parts).toContain('@pydantic/genai-prices');
  });
});
