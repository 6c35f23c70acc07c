/**
 * What the Lambda bundles hold, from esbuild's metafile with the stack's options: the functions
 * that read the pricing table carry no price dataset (create-engine.ts's fallback for running
 * without a store), which would cost every cold start its parse.
 */
import { describe, expect, it } from 'vitest';
import { buildBundle, bundleParts } from '../../lib/build-bundle.ts';
import { FUNCTIONS } from '../../functions/infrastructure/resource-definitions.ts';

describe('the Lambda bundles', () => {
  it.each([FUNCTIONS.gateway.entry, FUNCTIONS.worker.entry])('%s holds no price dataset', async (entry) => {
    const parts = bundleParts((await buildBundle(entry)).metafile).map(({ part }) => part);
    expect(parts).toContain('(project)');
    expect(parts).not.toContain('@pydantic/genai-prices');
  });

  it('the pricing seed, which writes the dataset into the table, does hold it', async () => {
    const parts = bundleParts((await buildBundle('seed-prices.ts')).metafile).map(({ part }) => part);
    expect(parts).toContain('@pydantic/genai-prices');
  });
});
