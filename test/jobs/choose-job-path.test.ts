import { describe, expect, it } from 'vitest';
import { chooseJobPath, DEFAULT_JOB_PATH_SETTINGS } from '../../functions/jobs/choose-job-path.ts';
import type { TurnaroundKnowledge } from '../../functions/jobs/turnaround/turnaround-book.ts';
import type { PriceRow } from '../../functions/pricing/model-price.ts';
import { createPriceBook } from '../../functions/pricing/price-book.ts';
import { targetFor } from '../routing/routing-fixtures.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Turnarounds as a table of chances by key, for any window at least the key's turnaround. */
const turnarounds = (turnaroundMs: Record<string, number>): TurnaroundKnowledge => ({
  chance: (key, windowMs) => (turnaroundMs[key] !== undefined && windowMs >= turnaroundMs[key] ? 1 : 0),
});
const QUICK = turnarounds({ 'batch#openai': 20 * MINUTE, 'batch#anthropic': 20 * MINUTE, 'flex#openai/gpt-5-mini': MINUTE });
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
const choose = (rows: PriceRow[], deadlineAt: number, batchProviders = new Set(['openai', 'anthropic']), known = QUICK) =>
  chooseJobPath({ targets: [openai, anthropic], deadlineAt, now: NOW, book: createPriceBook({ rows }), estimate, batchProviders, turnarounds: known });
const { batchAccumulationMs, standardReserveMs, flexReserveMs } = DEFAULT_JOB_PATH_SETTINGS;

describe('chooseJobPath', () => {
  it('sends a job with a day to spare to the cheapest batch API', () => {
    const { choice, options } = choose([row(openai.id, { inputPerMTok: 0.25, outputPerMTok: 2 }), row(anthropic.id)], NOW + 24 * HOUR);
    expect(choice).toMatchObject({ path: 'batch', target: { id: openai.id } });
    // Half the standard price: 1,000 input and 500 output tokens at $0.25 / $2 per million.
    expect(choice.costUsd).toBeCloseTo((1_000 * 0.25 + 500 * 2) / 1e6 / 2, 12);
    expect(options.map((option) => `${option.target.id}:${option.path}`)).toContain(`${anthropic.id}:standard`);
  });

  it('uses flex when a batch would not answer in time but flex would, and the standard call when neither would', () => {
    const rows = [row(openai.id, { flexDiscount: 0.5 }), row(anthropic.id, { inputPerMTok: 10, outputPerMTok: 40 })];
    const batchNeeds = batchAccumulationMs + 20 * MINUTE + standardReserveMs;
    const noFlex = [row(openai.id), rows[1]!];
    expect(choose(noFlex, NOW + batchNeeds).choice).toMatchObject({ path: 'batch', target: { id: openai.id } });
    expect(choose(noFlex, NOW + batchNeeds - 1).choice).toMatchObject({ path: 'standard', target: { id: openai.id } });
    // Both sure and at the same price: flex, which answers sooner.
    expect(choose(rows, NOW + batchNeeds).choice).toMatchObject({ path: 'flex', target: { id: openai.id } });
    expect(choose(rows, NOW + MINUTE + flexReserveMs).choice).toMatchObject({ path: 'flex', chance: 1 });
    expect(choose(rows, NOW + MINUTE + flexReserveMs - 1).choice).toMatchObject({ path: 'standard', target: { id: openai.id } });
  });

  it('ranks a batch by its price plus the standard call when it does not answer in time: worth it only when it mostly does', () => {
    const rows = [row(openai.id), row(anthropic.id, { inputPerMTok: 10, outputPerMTok: 40 })];
    const standardUsd = (1_000 * 1 + 500 * 4) / 1e6;
    const at = (chance: number) => choose(rows, NOW + 2 * HOUR, undefined, { chance: (key) => (key === 'batch#openai' ? chance : 0) });
    const likely = at(0.9);
    expect(likely.choice).toMatchObject({ path: 'batch', chance: 0.9 });
    expect(likely.choice.expectedCostUsd).toBeCloseTo(standardUsd / 2 + 0.1 * standardUsd, 12);
    expect(at(0.4).choice).toMatchObject({ path: 'standard', target: { id: openai.id } });
  });

  it('tries flex whenever it may answer in time, since a flex call that does not answer is not billed', () => {
    const rows = [row(openai.id, { flexDiscount: 0.5, batchDiscount: 0 }), row(anthropic.id, { inputPerMTok: 10, outputPerMTok: 40, batchDiscount: 0 })];
    const standardUsd = (1_000 * 1 + 500 * 4) / 1e6;
    const unlikely = choose(rows, NOW + 2 * HOUR, undefined, { chance: (key) => (key.startsWith('flex#') ? 0.2 : 0) });
    expect(unlikely.choice).toMatchObject({ path: 'flex', chance: 0.2 });
    expect(unlikely.choice.expectedCostUsd).toBeCloseTo(0.2 * (standardUsd / 2) + 0.8 * standardUsd, 12);
    // Planned again after its flex call did not answer: the other paths only.
    const again = chooseJobPath({ targets: [openai, anthropic], deadlineAt: NOW + 2 * HOUR, now: NOW, book: createPriceBook({ rows }), estimate, batchProviders: new Set(), turnarounds: QUICK, withoutFlex: true });
    expect(again.options.map((option) => option.path)).not.toContain('flex');
    expect(again.choice).toMatchObject({ path: 'standard', target: { id: openai.id } });
    // No chance at all: the same expected cost as the standard call, which answers sooner.
    expect(choose(rows, NOW + 2 * HOUR, undefined, { chance: () => 0 }).choice).toMatchObject({ path: 'standard', target: { id: openai.id } });
  });

  it('asks how likely each path is to answer within the time it has: a batch less its gathering and the reserve, flex less its own', () => {
    const asked = new Map<string, number>();
    const rows = [row(openai.id, { flexDiscount: 0.5 }), row(anthropic.id)];
    choose(rows, NOW + HOUR, undefined, { chance: (key, windowMs) => (asked.set(key, windowMs), 0) });
    expect(Object.fromEntries(asked)).toEqual({
      'flex#openai/gpt-5-mini': DEFAULT_JOB_PATH_SETTINGS.flexCallMaxMs,
      'batch#openai': HOUR - batchAccumulationMs - standardReserveMs,
      'batch#anthropic': HOUR - batchAccumulationMs - standardReserveMs,
    });
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
