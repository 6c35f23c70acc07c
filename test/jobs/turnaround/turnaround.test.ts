/** What the gateway learns of batch and flex turnarounds: the chance, the book, and the store on the embedded DynamoDB. */
import { describe, expect, it } from 'vitest';
import { createTurnaroundBook } from '../../../functions/jobs/turnaround/turnaround-book.ts';
import { batchTurnaroundKey, flexTurnaroundKey, turnaroundPrior } from '../../../functions/jobs/turnaround/turnaround-priors.ts';
import { REFUSAL_MEMORY_MS } from '../../../functions/jobs/turnaround/path-refusal.ts';
import { chanceWithin, RECENT_SAMPLES } from '../../../functions/jobs/turnaround/turnaround-sample.ts';
import { createTurnaroundStore } from '../../../functions/jobs/turnaround/turnaround-store.ts';
import { useEmbeddedAws } from '../../support/use-embedded-aws.ts';

const MINUTE = 60_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const embedded = useEmbeddedAws();

describe('chanceWithin', () => {
  const prior = [10 * MINUTE, 60 * MINUTE];

  it('is the share of samples, observed and prior, that answered within the window', () => {
    expect(chanceWithin([], prior, 30 * MINUTE)).toBe(0.5);
    expect(chanceWithin([{ ms: 5 * MINUTE }, { ms: 20 * MINUTE }], prior, 30 * MINUTE)).toBe(3 / 4);
    expect(chanceWithin([{ ms: 5 * MINUTE }], prior, 2 * 60 * MINUTE)).toBe(1);
    expect(chanceWithin([{ ms: 5 * MINUTE }], prior, 0)).toBe(0);
  });

  it('counts a miss against every window, however long', () => {
    expect(chanceWithin([{ ms: MINUTE, missed: true }], prior, 24 * 60 * MINUTE)).toBe(2 / 3);
  });

  it('weighs only the most recent samples, so a provider that slowed down is seen as slow', () => {
    const old = Array.from({ length: RECENT_SAMPLES }, () => ({ ms: MINUTE }));
    const recent = Array.from({ length: RECENT_SAMPLES }, () => ({ ms: 50 * MINUTE }));
    expect(chanceWithin([...old, ...recent], [], 10 * MINUTE)).toBe(0);
  });
});

describe('turnaround priors', () => {
  it('take a provider batch API at its documented word, and flex at minutes', () => {
    expect(chanceWithin([], turnaroundPrior(batchTurnaroundKey('anthropic')), 60 * MINUTE)).toBe(4 / 5);
    expect(chanceWithin([], turnaroundPrior(batchTurnaroundKey('openai')), 60 * MINUTE)).toBe(2 / 5);
    expect(chanceWithin([], turnaroundPrior(flexTurnaroundKey('gemini/gemini-2.5-flash')), 3 * MINUTE)).toBe(1 / 5);
  });
});

describe('turnaround book and store', () => {
  it('counts what it recorded at once, and what other instances recorded once it reads again', async () => {
    let clock = Date.parse('2026-11-24T12:00:00Z');
    const store = createTurnaroundStore({ client: embedded.client, tableName: embedded.aws.env.JOBS_TABLE_NAME! });
    const worker = createTurnaroundBook({ store, logger: silent, now: () => clock });
    const poller = createTurnaroundBook({ store, logger: silent, now: () => clock });
    const key = batchTurnaroundKey('gemini');
    const before = (await worker.know([key])).chance(key, 30 * MINUTE);
    expect(before).toBe(1 / 5);

    for (let i = 0; i < 5; i += 1) await poller.record(key, { ms: 25 * MINUTE });
    // Read a moment ago: the worker does not know yet.
    expect((await worker.know([key])).chance(key, 30 * MINUTE)).toBe(before);
    clock += MINUTE;
    expect((await worker.know([key])).chance(key, 30 * MINUTE)).toBe(6 / 10);

    await worker.record(key, { ms: 2 * MINUTE, missed: true });
    expect((await worker.know([key])).chance(key, 30 * MINUTE)).toBe(6 / 11);
    expect(await store.recent(key)).toEqual([...Array.from({ length: 5 }, () => ({ ms: 25 * MINUTE })), { ms: 2 * MINUTE, missed: true }]);
  });

  it('gives a path its provider has just refused no chance while any refusal is recent, then counts the refusal for nothing', async () => {
    let clock = Date.parse('2026-11-24T12:00:00Z');
    const store = createTurnaroundStore({ client: embedded.client, tableName: embedded.aws.env.JOBS_TABLE_NAME! });
    const worker = createTurnaroundBook({ store, logger: silent, now: () => clock });
    const poller = createTurnaroundBook({ store, logger: silent, now: () => clock });
    const key = batchTurnaroundKey('deepseek');
    const window = 6 * 60 * MINUTE;
    expect((await worker.know([key])).chance(key, window, 'deepseek/deepseek-chat')).toBe(4 / 5);

    await poller.refuse(key, { at: clock });
    expect(await store.recent(key)).toEqual([]);
    expect(await store.refusals(key, clock)).toEqual([{ at: clock }]);
    clock += MINUTE;
    expect((await worker.know([key])).chance(key, window, 'deepseek/deepseek-chat')).toBe(0);
    // A batch submitted before the refusal that ends after it: an answer, yet the refusal still holds.
    await poller.record(key, { ms: 30 * MINUTE });
    clock += MINUTE;
    expect((await worker.know([key])).chance(key, window, 'deepseek/deepseek-chat')).toBe(0);
    // Once old, the refusal is no sample at all: the path is tried again on what it answered.
    clock += REFUSAL_MEMORY_MS;
    expect((await worker.know([key])).chance(key, window, 'deepseek/deepseek-chat')).toBe(5 / 6);
  });

  it('rules out only the refused target when the provider refused batch mode for its model', async () => {
    let clock = Date.parse('2026-11-24T12:00:00Z');
    const store = createTurnaroundStore({ client: embedded.client, tableName: embedded.aws.env.JOBS_TABLE_NAME! });
    const worker = createTurnaroundBook({ store, logger: silent, now: () => clock });
    const poller = createTurnaroundBook({ store, logger: silent, now: () => clock });
    const key = batchTurnaroundKey('gemini-without-some-models');
    const window = 6 * 60 * MINUTE;

    await poller.refuse(key, { at: clock, targetId: 'gemini/gemini-2.0-flash' });
    // Counted at once by the book that learned it, and by another once it reads.
    expect((await poller.know([key])).chance(key, window, 'gemini/gemini-2.0-flash')).toBe(0);
    clock += MINUTE;
    const knowledge = await worker.know([key]);
    expect(knowledge.chance(key, window, 'gemini/gemini-2.0-flash')).toBe(0);
    expect(knowledge.chance(key, window, 'gemini/gemini-2.5-flash')).toBe(4 / 5);
  });

  it('keeps the most recent samples a week, newest last', async () => {
    const at = Date.parse('2026-11-24T12:00:00Z');
    const store = createTurnaroundStore({ client: embedded.client, tableName: embedded.aws.env.JOBS_TABLE_NAME! });
    const key = flexTurnaroundKey('openai/gpt-5-mini');
    for (let i = 0; i < RECENT_SAMPLES + 3; i += 1) await store.record(key, { ms: i }, at + i);
    const recent = await store.recent(key);
    expect(recent).toHaveLength(RECENT_SAMPLES);
    expect(recent.at(0)).toEqual({ ms: 3 });
    expect(recent.at(-1)).toEqual({ ms: RECENT_SAMPLES + 2 });
  });

  it('still answers from the prior when the store cannot be read, and counts a sample it could not store', async () => {
    const down = async () => Promise.reject(new Error('DynamoDB is down'));
    const book = createTurnaroundBook({ store: { record: down, recent: down, refuse: down, refusals: down }, logger: silent });
    const key = flexTurnaroundKey('openai/gpt-5-mini');
    expect((await book.know([key])).chance(key, 15 * MINUTE)).toBe(1);
    await expect(book.record(key, { ms: MINUTE, missed: true })).resolves.toBeUndefined();
    expect((await book.know([key])).chance(key, 15 * MINUTE)).toBe(5 / 6);
  });
});
