/**
 * The string-slot template held to JSON.parse: whatever text it reads, JSON.parse reads the same
 * strings in the same places of the same message; and it reads every string a provider could put
 * there, however escaped.
 */
import { describe, expect, it, vi } from 'vitest';
import { learnStringSlots, readStringSlots, TemplateBudget, type StringSlotTemplate } from '../../functions/core/string-slot-template.ts';
import { readRecordedLines } from '../support/recorded.ts';

type Chunk = { choices: Array<{ delta: { content?: unknown } }>; obfuscation?: unknown };
const contentOf = (parsed: unknown): unknown => (parsed as Chunk).choices?.[0]?.delta?.content;
const SLOTS = { content: contentOf, obfuscation: (parsed: unknown) => (parsed as Chunk).obfuscation };
/** The template of a message, given it parsed as a stream's translator has it. */
const learn = (text: string, slots: Parameters<typeof learnStringSlots>[2]) => learnStringSlots(text, JSON.parse(text), slots);

/** OpenAI's recorded chunk of text (its content, and its obfuscation after it), and its template. */
const CHUNK = readRecordedLines('openai', 'openai-text').find((line) => typeof contentOf(JSON.parse(line)) === 'string' && contentOf(JSON.parse(line)) !== '')!;
const TEMPLATE = learn(CHUNK, SLOTS)!;
const BASE = JSON.parse(CHUNK) as Chunk;

/** The template's text with these insides in its slots. */
const fill = (template: StringSlotTemplate, insides: readonly string[]) => template.literals.map((literal, index) => literal + (insides[index] ?? '')).join('');
const encoded = (text: string) => JSON.stringify(text).slice(1, -1);
/** The recorded chunk as JSON.parse reads it with this content and obfuscation. */
const expected = (content: string, obfuscation: string) => ({ ...BASE, obfuscation, choices: [{ ...BASE.choices[0], delta: { ...BASE.choices[0]!.delta, content } }] });

/** A small seeded generator (mulberry32), so that a failure names a text that can be made again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const STRINGS = ['', ' Hello', 'a "quoted" word', 'C:\\path\\', '\\"', 'line\nbreak\ttab\r', '\u0000\u001f', 'é 漢字 😀', '\u2028\u2029', '</script>', '{"content":"x"}', '"},{"index":1,"delta":{"content":"'];

describe('readStringSlots', () => {
  it("learns a recorded OpenAI chunk's two slots in order: its content, then its obfuscation", () => {
    expect(TEMPLATE.names).toEqual(['content', 'obfuscation']);
    expect(TEMPLATE.literals[0]!.endsWith('"content":"')).toBe(true);
    expect(fill(TEMPLATE, [encoded(BASE.choices[0]!.delta.content as string), encoded(BASE.obfuscation as string)])).toBe(CHUNK);
  });

  it.each(STRINGS)('reads %j put in the content slot, beside an obfuscation of another length, as JSON.parse reads them', (text) => {
    const message = fill(TEMPLATE, [encoded(text), 'Zq9']);
    expect(readStringSlots(message, TEMPLATE)).toEqual([text, 'Zq9']);
    expect(JSON.parse(message)).toEqual(expected(text, 'Zq9'));
  });

  it('decodes any escaping a provider may write (\\u escapes, an escaped solidus) as JSON.parse does', () => {
    for (const inside of ['\\u0048i', '\\/', '\\ud83d\\ude00', '\\b\\f\\n\\r\\t', 'caf\\u00e9']) {
      const message = fill(TEMPLATE, [inside, inside]);
      const parsed = JSON.parse(message) as Chunk;
      expect(readStringSlots(message, TEMPLATE)).toEqual([contentOf(parsed), parsed.obfuscation]);
    }
  });

  it('reads nothing JSON.parse reads otherwise: 20,000 seeded changes to messages of the template', () => {
    const next = random(14);
    const pieces = ['"', '\\', '\\"', '\\u00', '\\x', '\n', '\u0001', '}', ']', ',', ':', 'a', '😀', '{"index":1}', '","obfuscation":"'];
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      let message = fill(TEMPLATE, [encoded(STRINGS[i % STRINGS.length]!), 'abc']);
      const slotsFrom = TEMPLATE.literals[0]!.length - 2;
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        // Most edits go in, between or next to the slots, where a reader could be fooled; the rest anywhere.
        const where = next();
        const contentEnd = message.indexOf('"},"logprobs"');
        const at =
          where < 0.5 && contentEnd > slotsFrom
            ? slotsFrom + Math.floor(next() * (contentEnd - slotsFrom + 3))
            : where < 0.8
              ? slotsFrom + Math.floor(next() * (message.length - slotsFrom - 1))
              : Math.floor(next() * (message.length + 1));
        const piece = pieces[Math.floor(next() * pieces.length)]!;
        const kind = next();
        message = kind < 0.4 ? message.slice(0, at) + piece + message.slice(at) : kind < 0.7 ? message.slice(0, at) + message.slice(at + 1) : message.slice(0, at) + piece + message.slice(at + piece.length);
      }
      const strings = readStringSlots(message, TEMPLATE);
      if (strings === undefined) continue;
      read++;
      expect(JSON.parse(message), message).toEqual(expected(strings[0]!, strings[1]!));
    }
    // Edits inside the slots keep many messages readable: the property was tried, not passed vacuously.
    expect(read).toBeGreaterThan(1_000);
  });

  it('reads no message with more or less text after its last slot', () => {
    const message = fill(TEMPLATE, ['Hi', 'abc']);
    expect(readStringSlots(`${message} `, TEMPLATE)).toBeUndefined();
    expect(readStringSlots(message.slice(0, -1), TEMPLATE)).toBeUndefined();
  });
});

describe('learnStringSlots', () => {
  it('learns the slots of an indented message, its keys spaced from their values', () => {
    const message = JSON.stringify(BASE, null, 2);
    const template = learn(message, SLOTS)!;
    expect(readStringSlots(fill(template, [encoded('other "text"'), 'x']), template)).toEqual(['other "text"', 'x']);
  });

  it('learns a slot whose string holds escaped quotes and backslashes, up to its real end', () => {
    const message = fill(TEMPLATE, [encoded('say \\"hi\\" \\'), 'abc']);
    expect(learn(message, SLOTS)).toEqual(TEMPLATE);
  });

  it('of two members of one name, learns the one its reader reads; none inside a string', () => {
    const two = '{"content":"Hi","note":"\\"content\\":\\"x\\"","choices":[{"delta":{"content":"Hi"}}]}';
    const template = learn(two, { content: contentOf })!;
    expect(template.literals[1]).toBe('"}}]}');
    expect(JSON.parse(fill(template, ['Bye']))).toMatchObject({ content: 'Hi', choices: [{ delta: { content: 'Bye' } }] });
  });

  it('orders the slots as they come in the message, whatever order they are named in', () => {
    const first = '{"obfuscation":"x1","choices":[{"delta":{"content":"Hi"}}]}';
    const template = learn(first, SLOTS)!;
    expect(template.names).toEqual(['obfuscation', 'content']);
    expect(readStringSlots(fill(template, ['y22', 'Bye']), template)).toEqual(['y22', 'Bye']);
  });

  it('finds the slot where the reader reads it even when the string there is a probe the template is tried with', () => {
    for (const probe of ['switchyard\n"probe"', 'switchyard\n"other probe"']) {
      for (const before of ['A', probe]) {
        const message = JSON.stringify({ choices: [{ index: 0, x: { content: before }, delta: { content: probe } }] });
        const template = learn(message, { content: contentOf })!;
        const other = fill(template, ['B']);
        expect(readStringSlots(other, template)).toEqual(['B']);
        expect(JSON.parse(other)).toEqual({ choices: [{ index: 0, x: { content: before }, delta: { content: 'B' } }] });
      }
    }
  });

  it('tries at most a few members of the name that hold the string, each costing a parse', () => {
    const many = `{"choices":[{"delta":{${Array.from({ length: 1_000 }, () => '"content":"v"').join(',')}}}]}`;
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(learnStringSlots(many, JSON.parse(many), { content: contentOf })).toBeUndefined();
      expect(parse.mock.calls.length).toBeLessThanOrEqual(1 + 4);
    } finally {
      parse.mockRestore();
    }
    const fewer = `{"choices":[{"delta":{${Array.from({ length: 4 }, () => '"content":"v"').join(',')}}}]}`;
    expect(learn(fewer, { content: contentOf })?.literals[1]).toBe('"}}]}');
  });

  it('tries only the members that hold the string the reader reads: others of the name cost nothing', () => {
    const others = `{"notes":[${Array.from({ length: 20 }, (_, i) => `{"content":"note ${i}"}`).join(',')}],"choices":[{"delta":{"content":"v"}}]}`;
    const template = learn(others, { content: contentOf })!;
    expect(template.literals[1]).toBe('"}}]}');
    expect(JSON.parse(fill(template, ['w']))).toMatchObject({ choices: [{ delta: { content: 'w' } }] });
  });

  it('leaves out a slot the message lacks, and learns nothing without the first', () => {
    const deepseek = readRecordedLines('deepseek', 'deepseek-text').find((line) => contentOf(JSON.parse(line)))!;
    expect(learn(deepseek, SLOTS)?.names).toEqual(['content']);
    expect(learn('{"meta":{"content":"Hi"},"choices":[{"delta":{"text":"Hi"}}],"obfuscation":"x"}', SLOTS)).toBeUndefined();
    expect(learn(CHUNK, { content: () => 'always the same' })).toBeUndefined();
    expect(learnStringSlots('{"choices":[{"delta":{"content":"unended}}]}', { choices: [{ delta: { content: 'unended}}]}' } }] }, SLOTS)).toBeUndefined();
  });
});

describe('TemplateBudget', () => {
  it('learns two templates, then one more for each four messages its templates read', () => {
    const budget = new TemplateBudget();
    const learnt = (reads: number) => {
      for (let i = 0; i < reads; i++) budget.read();
      if (!budget.mayLearn) return false;
      budget.learned();
      return true;
    };
    expect([learnt(0), learnt(0), learnt(0)]).toEqual([true, true, false]);
    expect(learnt(7)).toBe(false);
    expect(learnt(1)).toBe(true);
    expect(learnt(3)).toBe(false);
    expect(learnt(1)).toBe(true);
  });
});
