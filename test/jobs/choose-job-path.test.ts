import { describe, expect, it } from 'vitest';
import { chooseJobPath, DEFAULT_JOB_PATH_SETTINGS } from '../../functions/jobs/choose-job-path.ts';
import type { PriceRow } from '../../functions/pricing/model-price.ts';
import { createPriceBook } from '../../functions/pricing/price-book.ts';
import { targetFor } from '../routing/routing-fixtures.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3_600_000;
const row = (target: string, fields: Partial<PriceRow> = {}): PriceRow => ({
  target,
  inputPerMTok: 1,
  outputPerMTok: 4,
  cachedInputPerMTok: 0.1,
  cacheWritePerMTok: 1.25,
  batchDiscount: 0.5,
  flexDiscount: 0,
  validFrom: 0,
  source: 'catalog',
  ...fields,
});
const openai = targetFor('openai/gpt-5-mini');
const anthropic = targetFor('anthropic/claude-haiku-4-5');
const estimate = () => ({ inputTokens: 1_000, expectedOutputTokens: 500 });
const choose = (rows: PriceRow[], deadlineAt: number, batchProviders = new Set(['openai', 'anthropic'])) =>
  chooseJobPath({ targets: [openai, anthropic], deadlineAt, now: NOW, book: createPriceBook({ rows }), estimate, batchProviders });

describe('chooseJobPath', () => {
  it('sends a job with a day to spare to the cheapest batch API', () => {
    const { choice, options } = choose([row(openai.id, { inputPerMTok: 0.25, outputPerMTok: 2 }), row(anthropic.id)], NOW + 24 * HOUR);
    expect(choice).toMatchObject({ path: 'batch', target: { id: openai.id } });
    // Half the standard price: 1,000 input and 500 output tokens at $0.25 / $2 per million.
    expect(choice.costUsd).toBeCloseTo((1_000 * 0.25 + 500 * 2) / 1e6 / 2, 12);
    expect(options.map((option) => `${option.target.id}:${option.path}`)).toContain(`${anthropic.id}:standard`);
  });

  it('uses flex when the deadline is too near for a batch but not for flex, and the standard call when it is near', () => {
    const rows = [row(openai.id, { flexDiscount: 0.5 }), row(anthropic.id, { inputPerMTok: 10, outputPerMTok: 40 })];
    expect(choose(rows, NOW + DEFAULT_JOB_PATH_SETTINGS.batchLeadMs - 1).choice).toMatchObject({ path: 'flex', target: { id: openai.id } });
    expect(choose(rows, NOW + DEFAULT_JOB_PATH_SETTINGS.flexLeadMs - 1).choice).toMatchObject({ path: 'standard', target: { id: openai.id } });
  });

  it('waits for a cheaper price window that opens before the deadline, less the standard call reserve', () => {
    const offPeak = row(openai.id, { inputPerMTok: 0.2, outputPerMTok: 0.8, validFrom: NOW + 2 * HOUR, validUntil: NOW + 4 * HOUR, source: 'operator' });
    const rows = [row(openai.id, { batchDiscount: 0 }), offPeak, row(anthropic.id, { batchDiscount: 0 })];
    expect(choose(rows, NOW + 6 * HOUR).choice).toMatchObject({ path: 'price-window', notBefore: NOW + 2 * HOUR, target: { id: openai.id } });
    // A window that would leave less than the reserve before the deadline is not waited for.
    expect(choose(rows, NOW + 2 * HOUR + DEFAULT_JOB_PATH_SETTINGS.standardReserveMs - 1).choice.path).toBe('standard');
  });

  it('offers no batch for a provider without a batch client, and only the standard call without a price', () => {
    expect(choose([row(openai.id), row(anthropic.id)], NOW + 24 * HOUR, new Set()).choice.path).toBe('standard');
    const { choice, options } = choose([], NOW + 24 * HOUR);
    expect(choice).toMatchObject({ path: 'standard', costUsd: undefined, target: { id: openai.id } });
    expect(options.map((option) => option.path)).toEqual(['standard', 'standard']);
  });
});
