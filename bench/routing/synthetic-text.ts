/**
 * Synthetic but varied prompt text, so the real tokenizer and complexity scorer have something
 * like real input to read: prose from a word pool, code, tool schemas, long documents.
 */
import { between, pick, type Random } from './prng.ts';

const NOUNS = ['invoice', 'customer', 'shipment', 'database', 'cluster', 'contract', 'report', 'ticket', 'budget', 'forecast', 'sensor', 'policy', 'migration', 'schedule', 'portfolio', 'recipe', 'itinerary', 'patient', 'release', 'dashboard'];
const VERBS = ['summarize', 'explain', 'list', 'describe', 'check', 'translate', 'rewrite', 'classify', 'draft', 'review'];
const ADJECTIVES = ['late', 'new', 'quarterly', 'urgent', 'regional', 'internal', 'failed', 'pending', 'annual', 'detailed', 'short', 'noisy'];
const FILLER = ['the', 'a', 'of', 'for', 'with', 'and', 'in', 'on', 'that', 'which', 'our', 'their', 'this', 'about', 'from'];

export function sentence(random: Random, words = between(random, 8, 22)): string {
  const out: string[] = [];
  for (let index = 0; index < words; index += 1) {
    const roll = random();
    out.push(roll < 0.35 ? pick(random, FILLER) : roll < 0.7 ? pick(random, NOUNS) : roll < 0.85 ? pick(random, ADJECTIVES) : pick(random, VERBS));
  }
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}${random() < 0.1 ? ` ${between(random, 2, 9_999)}` : ''}.`;
}

export function paragraph(random: Random, sentences = between(random, 3, 7)): string {
  return Array.from({ length: sentences }, () => sentence(random)).join(' ');
}

/** Prose of roughly `tokens` tokens (a sentence of this vocabulary is ~1.2 tokens a word). */
export function prose(random: Random, tokens: number): string {
  const parts: string[] = [];
  let estimate = 0;
  while (estimate < tokens) {
    const text = paragraph(random);
    parts.push(text);
    estimate += text.length / 4.6;
  }
  return parts.join('\n\n');
}

/** A long document: sections of prose with headings and tables, built from a few reused paragraphs (cheap to make). */
export function longDocument(random: Random, tokens: number): string {
  const pool = Array.from({ length: 40 }, () => paragraph(random, 6));
  const parts: string[] = [];
  let estimate = 0;
  for (let section = 1; estimate < tokens; section += 1) {
    const heading = `## ${section}. ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}`;
    const body = Array.from({ length: 6 }, () => pick(random, pool)).join('\n\n');
    const table = `| ${pick(random, NOUNS)} | ${between(random, 1, 999)} | ${between(random, 1, 99)}% |`;
    const text = `${heading}\n\n${body}\n\n${table}`;
    parts.push(text);
    estimate += text.length / 4.6;
  }
  return parts.join('\n\n');
}

export function codeSnippet(random: Random, lines = between(random, 10, 60)): string {
  const name = `${pick(random, VERBS)}${pick(random, NOUNS).replace(/^./, (c) => c.toUpperCase())}`;
  const body = Array.from({ length: lines }, (_, index) => {
    const variable = `${pick(random, NOUNS)}${index}`;
    return random() < 0.3 ? `  if (${variable}.${pick(random, ADJECTIVES)} > ${between(random, 0, 100)}) return ${variable};` : `  const ${variable} = await ${pick(random, VERBS)}(${pick(random, NOUNS)}, ${between(random, 1, 50)});`;
  });
  return `\`\`\`ts\nexport async function ${name}(input: Input): Promise<Output> {\n${body.join('\n')}\n}\n\`\`\``;
}

export function question(random: Random): string {
  return `${pick(random, VERBS).replace(/^./, (c) => c.toUpperCase())} ${pick(random, FILLER)} ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} ${pick(random, FILLER)} ${pick(random, NOUNS)}?`;
}
