/**
 * `node bench/estimate-prompt-tokens.ts`: milliseconds per `estimatePromptTokens` call on a small
 * (~200 tokens), a medium (~20k) and a huge (~1M) prompt, on varied English-like text (repeated
 * text would flatter the tokenizer's merge cache). The huge prompt is also counted exactly once,
 * to show what the character budget saves, and the error the extrapolation makes.
 */
import { performance } from 'node:perf_hooks';
import type { ChatRequest } from '../functions/ingress/openai-chat/chat-request-schema.ts';
import type { Call } from '../functions/core/call.ts';
import { decodeChatRequest } from '../functions/ingress/openai-chat/decode.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../functions/routing/routing-preferences.ts';

const importStart = performance.now();
const { estimatePromptTokens } = await import('../functions/routing/estimate-prompt-tokens.ts');
const importMs = performance.now() - importStart;

const WORDS = (
  'the of and to in is that for it as with was on be by this are from at or an have not which but ' +
  'gateway request provider model latency budget router cache prefix token estimate cheaper answer ' +
  'question function value return error stream response between because however although whenever ' +
  'quickly carefully architecture deployment region account limit window schema argument result'
).split(' ');

function prose(chars: number, seed: number): string {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const word = WORDS[Math.floor(next() * WORDS.length)] ?? 'the';
    const piece = `${word}${next() < 0.12 ? '.' : ''} ${next() < 0.002 ? String(Math.floor(next() * 1e6)) + ' ' : ''}`;
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('').slice(0, chars);
}

/** Words of random letters: no two alike, so the tokenizer's merge cache never helps (a worst case). */
function gibberish(chars: number, seed: number): string {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  let text = '';
  while (text.length < chars) {
    const length = 2 + Math.floor(next() * 9);
    for (let i = 0; i < length; i++) text += String.fromCharCode(97 + Math.floor(next() * 26));
    text += ' ';
  }
  return text.slice(0, chars);
}

/** The call the chat door would decode from these messages. */
const callOf = (messages: ChatRequest['messages']): Call => decodeChatRequest({ model: 'bench', messages }, DEFAULT_ROUTING_PREFERENCES);

/** A conversation of `turns` user/assistant pairs totalling about `chars` characters. */
function conversation(chars: number, turns: number): Call {
  const per = Math.ceil(chars / (turns * 2 + 1));
  const messages: ChatRequest['messages'] = [{ role: 'system', content: prose(per, 1) }];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: prose(per, 2 * i + 2) }, { role: 'assistant', content: prose(per, 2 * i + 3) });
  }
  messages.push({ role: 'user', content: 'And?' });
  return callOf(messages);
}

function time(request: Call, iterations: number, options = {}): { ms: number; tokens: number } {
  let tokens = 0;
  for (let i = 0; i < Math.min(3, iterations); i++) tokens = estimatePromptTokens(request, options).total; // warm-up
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    tokens = estimatePromptTokens(request, options).total;
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)] ?? 0, tokens };
}

const cases = [
  { name: 'small', request: conversation(1_050, 1), iterations: 2_000 },
  { name: 'medium', request: conversation(110_000, 10), iterations: 200 },
  { name: 'huge', request: conversation(5_500_000, 50), iterations: 20 },
  { name: 'medium, random words', request: callOf([{ role: 'user', content: gibberish(60_000, 9) }]), iterations: 50 },
];

console.log(`import of the estimator (o200k_base tables): ${importMs.toFixed(1)} ms`);
for (const { name, request, iterations } of cases) {
  const { ms, tokens } = time(request, iterations);
  console.log(`${name} ~${tokens.toLocaleString('en')} tokens: ${ms.toFixed(3)} ms per call (median of ${iterations})`);
}
const huge = cases[2]!.request;
const exact = time(huge, 3, { exactCharBudget: Number.POSITIVE_INFINITY });
const estimate = estimatePromptTokens(huge).total;
console.log(
  `huge, tokenized in full: ${exact.ms.toFixed(1)} ms, ${exact.tokens.toLocaleString('en')} tokens; ` +
    `the budgeted estimate is off by ${((100 * (estimate - exact.tokens)) / exact.tokens).toFixed(2)}%`,
);
