/** The dataset's prices as rows, through the library's own matching. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/catalog/load-catalog.ts';
import { datasetPriceRows } from '../../functions/pricing/dataset-prices.ts';
import { DATASET_SOURCE, DATASET_VERSION } from '../../functions/pricing/dataset-version.ts';
import { pricingSeedRows } from '../../functions/pricing/pricing-seed-rows.ts';

describe('datasetPriceRows', () => {
  it('prices a model with the dataset\'s input, output, cache-read and cache-write prices and the documented discounts', () => {
    expect(datasetPriceRows('anthropic/claude-haiku-4-5')).toEqual([
      {
        target: 'anthropic/claude-haiku-4-5',
        validFrom: 0,
        source: DATASET_SOURCE,
        inputPerMTok: 1,
        outputPerMTok: 5,
        cachedInputPerMTok: 0.1,
        cacheWritePerMTok: 1.25,
        batchDiscount: 0.5,
        flexDiscount: 0,
      },
    ]);
    expect(DATASET_SOURCE).toBe(`genai-prices@${DATASET_VERSION}`);
    expect(DATASET_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('falls back to the input price for cache prices the dataset lacks, and gives flex only to the OpenAI and Gemini models that have it', () => {
    const [gpt5] = datasetPriceRows('openai/gpt-5')!;
    expect(gpt5).toMatchObject({ inputPerMTok: 1.25, cachedInputPerMTok: 0.125, cacheWritePerMTok: 1.25, batchDiscount: 0.5, flexDiscount: 0.5 });
    expect(datasetPriceRows('openai/gpt-4o')![0]).toMatchObject({ flexDiscount: 0 });
    expect(datasetPriceRows('gemini/gemini-2.5-flash')![0]).toMatchObject({ batchDiscount: 0.5, flexDiscount: 0.5 });
    expect(datasetPriceRows('gemini/gemini-3-pro-preview')![0]).toMatchObject({ flexDiscount: 0.5 });
    expect(datasetPriceRows('gemini/gemini-2.0-flash')![0]).toMatchObject({ flexDiscount: 0 });
    expect(datasetPriceRows('groq/llama-3.3-70b-versatile')![0]).toMatchObject({ inputPerMTok: 0.59, cachedInputPerMTok: 0.59, cacheWritePerMTok: 0.59, batchDiscount: 0, flexDiscount: 0 });
  });

  it('maps our provider ids onto the dataset\'s: gemini to google, xai to x-ai, bedrock to aws (regional ids included)', () => {
    expect(datasetPriceRows('gemini/gemini-2.5-flash')![0]).toMatchObject({ inputPerMTok: 0.3, outputPerMTok: 2.5, batchDiscount: 0.5 });
    expect(datasetPriceRows('xai/grok-4')![0]).toMatchObject({ inputPerMTok: 3, outputPerMTok: 15 });
    // Regional (us.) inference profiles cost 10% more than the global ones on Bedrock.
    expect(datasetPriceRows('bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0')![0]).toMatchObject({ inputPerMTok: 3.3, cacheWritePerMTok: 4.125, batchDiscount: 0.5 });
    expect(datasetPriceRows('bedrock/global.anthropic.claude-sonnet-4-5-20250929-v1:0')![0]).toMatchObject({ inputPerMTok: 3 });
  });

  it('turns a start_date price into a row from that date, after the base row', () => {
    expect(datasetPriceRows('openai/o3')!.map((row) => [row.validFrom, row.inputPerMTok])).toEqual([
      [0, 10],
      [Date.parse('2025-06-10T00:00:00Z'), 2],
    ]);
  });

  it('turns a time_of_date price into a daily UTC window (DeepSeek\'s peak hours over its off-peak base)', () => {
    const rows = datasetPriceRows('deepseek/deepseek-chat')!;
    expect(rows.map((row) => [row.daily, row.inputPerMTok])).toEqual([
      [undefined, 0.135],
      [{ from: '00:30', until: '16:30', timezone: 'UTC' }, 0.27],
    ]);
  });

  it('keeps long-context tiers: Gemini 2.5 Pro above 200k input tokens', () => {
    expect(datasetPriceRows('gemini/gemini-2.5-pro')![0]).toMatchObject({
      inputPerMTok: 1.25,
      tiers: [{ aboveInputTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15, cachedInputPerMTok: 0.25, cacheWritePerMTok: 2.5 }],
    });
  });

  it('never guesses: unknown providers, unknown models and malformed ids have no price', () => {
    expect(datasetPriceRows('nope/gpt-4o')).toBeUndefined();
    expect(datasetPriceRows('openai/not-a-model-xyz')).toBeUndefined();
    expect(datasetPriceRows('gpt-4o')).toBeUndefined();
    expect(datasetPriceRows('openai/')).toBeUndefined();
  });
});

describe('the bundled catalog', () => {
  it('is priced by the dataset except for the models it lacks', () => {
    const { rows, unpriced } = pricingSeedRows({ modelIds: loadCatalog().models.map((model) => model.id) });
    expect(unpriced).toEqual(['together/deepseek-ai/DeepSeek-V3']);
    for (const row of rows) {
      expect(row.inputPerMTok).toBeGreaterThan(0);
      expect(row.outputPerMTok).toBeGreaterThan(0);
    }
  });
});
