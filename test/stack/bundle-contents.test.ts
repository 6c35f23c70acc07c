/**
 * What the Lambda bundles hold, from esbuild's metafile with the stack's options: the functions
 * that read the pricing table carry no price dataset (create-engine.ts's fallback for running
 * without a store), no function carries the tokenizer's tables in index.mjs, nor undici beside
 * Node's own HTTP client, and the gateway no zod translations but its English messages (what
 * `import { z }` pulls in: 264 KB), and no function the AWS SDK's clients (about 130 ms of a cold
 * start), each of which would cost every cold start its parse. The tokenizer's tables, S3's client
 * and AWS's credential chain are side modules beside it, found through the asset's package.json.
 */
import { execFileSync } from 'node:child_process';
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

  it.each(Object.values(FUNCTIONS).map(({ entry }) => entry))('%s holds one HTTP parser, Node\'s: no undici', async (entry) => {
    const parts = bundleParts((await bundle(entry)).metafile).map(({ part }) => part);
    expect(parts).toContain('(project)');
    expect(parts).not.toContain('undici');
  });

  it.each(Object.values(FUNCTIONS).map(({ entry }) => entry))(
    '%s holds none of the AWS SDK\'s clients: DynamoDB, SQS and Secrets Manager over their JSON protocol, S3 and the credential chain as side modules',
    async (entry) => {
      const { code, metafile } = await bundle(entry);
      const parts = bundleParts(metafile).map(({ part }) => part);
      expect(parts).toContain('(project)');
      expect(parts.filter((part) => /^@aws-sdk\/(client-|lib-|credential-provider|nested-clients)/.test(part))).toEqual([]);
      const text = new TextDecoder().decode(code);
      if (text.includes('S3_ENDPOINT')) expect(text).toContain('import("#aws-s3")');
    },
  );

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

  it("loads node:stream/web, which middy imports but a Node stream's body never needs, only once it is read", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-lazy-builtin-'));
    try {
      writeFileSync(join(dir, 'index.mjs'), (await buildBundle('../test/stack/reads-stream-web.ts')).code);
      const script = [
        "const loaded = () => process.moduleLoadList.includes('NativeModule stream/web');",
        `const bundle = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});`,
        'const atStart = loaded();',
        'const same = bundle.readableStream() === globalThis.ReadableStream;',
        'console.log(JSON.stringify({ atStart, same, afterRead: loaded(), streamify: typeof bundle.streamify }));',
      ].join('\n');
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(JSON.parse(output)).toEqual({ atStart: false, same: true, afterRead: true, streamify: 'function' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the side modules load by their import names from an asset laid out as deployed', async () => {
    const asset = mkdtempSync(join(tmpdir(), 'switchyard-asset-'));
    try {
      for (const { file, contents } of await buildSideFiles()) writeFileSync(join(asset, file), contents);
      // A module at the asset's root, where index.mjs is, asking for them as the bundle does.
      writeFileSync(join(asset, 'index.mjs'), "export const tokenizer = () => import('#o200k');\nexport const s3 = () => import('#aws-s3');\nexport const chain = () => import('#aws-credential-chain');\n");
      const loaders = (await import(pathToFileURL(join(asset, 'index.mjs')).href)) as {
        tokenizer: () => Promise<{ countTokens(text: string): number }>;
        s3: () => Promise<{ S3Client: new (config: object) => { destroy(): void }; GetObjectCommand: unknown }>;
        chain: () => Promise<{ defaultProvider: unknown }>;
      };
      expect((await loaders.tokenizer()).countTokens('Hello, world')).toBe(3);
      const s3 = await loaders.s3();
      new s3.S3Client({ region: 'eu-west-1' }).destroy();
      expect(s3.GetObjectCommand).toBeTypeOf('function');
      expect((await loaders.chain()).defaultProvider).toBeTypeOf('function');
    } finally {
      rmSync(asset, { recursive: true, force: true });
    }
  });

  it('the pricing seed, which writes the dataset into the table, does hold it', async () => {
    const parts = bundleParts((await bundle('seed-prices.ts')).metafile).map(({ part }) => part);
    expect(parts).toContain('@pydantic/genai-prices');
  });
});
