/**
 * The cheap estimate reads a text as runs of one class of character, with a table of the classes.
 * Its definition is a Unicode-property regex (below, as it was written first): the loop must come to
 * the regex's count on every text, in every script, surrogate pairs and lone surrogates included.
 */
import { describe, expect, it } from 'vitest';
import { estimateTokensCheaply } from '../../functions/routing/estimate-tokens-cheaply.ts';
import { sampleProse } from './sample-text.ts';

const PIECES = /(\p{L}+)|(\p{N}{1,3})|(\s+)|[^\s\p{L}\p{N}]+/gu;

/** The estimate as a regex: the specification the loop is held to. */
function byPieces(text: string): number {
  if (text.length === 0) return 0;
  let tokens = 0;
  for (const [piece, letters, digits, spaces] of text.matchAll(PIECES)) {
    if (letters !== undefined) {
      const first = letters.codePointAt(0)!;
      tokens += first >= 0x2e80 ? letters.length * 0.7 : Math.ceil(letters.length / (first < 128 ? 7 : 5));
    } else if (digits !== undefined) tokens += 1;
    else if (spaces !== undefined) tokens += spaces.length > 1 ? 1 : 0;
    else tokens += Math.ceil(piece.length / 2);
  }
  return Math.max(1, Math.round(tokens));
}

/** Characters of every class and width: ASCII, Latin, Cyrillic, CJK, other scripts' digits, spaces, emoji, astral letters and digits, lone surrogates. */
const ALPHABET = [
  ...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)),
  ...'éÉßçñøÆœ',
  ...'яЖщЁ',
  ...'中文字東京は日本のです한국어',
  ...'٣٤٥०१२',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\u2028',
  '\ufeff',
  '€',
  '—',
  '“',
  '😀',
  '👍🏽',
  '\u{1d400}',
  '\u{1d7ce}',
  '\u{20000}',
  '\ud800',
  '\udc00',
];

/** A seeded generator of texts made of runs (1 to 12 long) of characters drawn from ALPHABET, often of one character. */
function texts(count: number, seed: number): string[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = () => ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  return Array.from({ length: count }, () => {
    let text = '';
    const runs = 1 + Math.floor(next() * 30);
    for (let run = 0; run < runs; run++) {
      const char = pick();
      const length = 1 + Math.floor(next() * 12);
      for (let at = 0; at < length; at++) text += next() < 0.6 ? char : pick();
    }
    return text;
  });
}

describe('estimateTokensCheaply', () => {
  it('counts each character alone and in runs as the regex does', () => {
    for (const char of ALPHABET) {
      for (const text of [char, char.repeat(2), char.repeat(3), char.repeat(4), char.repeat(8), `a${char}1${char}${char} `, `${char}中${char}`]) {
        expect(estimateTokensCheaply(text), JSON.stringify(text)).toBe(byPieces(text));
      }
    }
  });

  it('comes to the regex count on varied texts of every script', () => {
    for (const text of texts(3_000, 7)) expect(estimateTokensCheaply(text), JSON.stringify(text)).toBe(byPieces(text));
  });

  it('comes to the regex count on prose, code, JSON and other scripts', () => {
    const samples = [
      sampleProse(8_000),
      'export function add(a: number, b: number): number {\n  return a + b; // the sum\n}\n'.repeat(40),
      JSON.stringify({ models: Array.from({ length: 40 }, (_, index) => ({ id: `openai/model-${index}`, context_window: 128_000 })) }),
      '1234567 12 123456789012 3.14159 0xdeadbeef',
      '这是一个用于测试的中文句子，我们想知道分词器如何处理它。東京は日本の首都です。'.repeat(20),
      'Это предложение на русском языке для проверки токенизатора. '.repeat(20),
      'un café crème, s’il vous plaît — déjà vu. '.repeat(20),
    ];
    for (const text of samples) expect(estimateTokensCheaply(text)).toBe(byPieces(text));
  });

  it('adds up as the regex does, a token at a time, where long numbers follow CJK text and the sum rounds close to a half', () => {
    for (const text of [
      `${'中'.repeat(17)} 中中中 中 中 ${'1'.repeat(234)} ${'中'.repeat(10)} 中中中`,
      `${'中 '.repeat(16)}${'1'.repeat(334)}${' 中'.repeat(9)}`,
    ]) {
      expect(estimateTokensCheaply(text), text).toBe(byPieces(text));
    }
  });

  it('comes to the regex count when a text has more distinct astral characters than the lookups keep, the rest read by the regex', () => {
    // Historic-script letters and mathematical digits, each once, between runs of every other class.
    const distinct = (from: number, count: number) => Array.from({ length: count }, (_, index) => String.fromCodePoint(from + index)).join('');
    const runs = [distinct(0x20000, 3_000), ' 1234567 中文 ', distinct(0x1d7ce, 40), 'café, 12 ', distinct(0x23000, 3_000), '\n\n 98765 ', distinct(0x2a700, 500), ' 中文字 42'];
    const text = runs.join('');
    expect(estimateTokensCheaply(text)).toBe(byPieces(text));
    // Once they are full, a text's first characters beyond them are looked up again.
    const later = `a 1 ${distinct(0x2b820, 600)} 12345 中 x`;
    expect(estimateTokensCheaply(later)).toBe(byPieces(later));
  });

  it('keeps a word with an accent one word', () => {
    // 'caféLatte' is 9 letters from an ASCII first letter: 2 tokens, not 'caf', 'é' and 'Latte'.
    expect(estimateTokensCheaply('caf\u00e9Latte')).toBe(2);
  });

  it('counts nothing as nothing, and anything else as at least one', () => {
    expect(estimateTokensCheaply('')).toBe(0);
    expect(estimateTokensCheaply(' ')).toBe(1);
  });
});
