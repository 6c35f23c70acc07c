/** Deterministic, varied English-like text and code, so token counts are not flattered by repetition. */
const WORDS = (
  'the of and to in is that for it as with was on be by this are from at or an have not which but ' +
  'gateway request provider model latency budget router cache prefix token estimate cheaper answer ' +
  'question function value return error stream response between because however although whenever ' +
  'quickly carefully architecture deployment region account limit window schema argument result'
).split(' ');

/** A linear congruential generator: the same seed gives the same text on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export function sampleProse(chars: number, seed = 1): string {
  const next = random(seed);
  const parts: string[] = [];
  let length = 0;
  let sentence = 0;
  while (length < chars) {
    let word = WORDS[Math.floor(next() * WORDS.length)] ?? 'the';
    if (sentence === 0) word = word[0]!.toUpperCase() + word.slice(1);
    sentence++;
    const end = sentence > 6 && next() < 0.15;
    if (end) sentence = 0;
    const piece = `${word}${end ? '.' : next() < 0.05 ? ',' : ''} ${next() < 0.01 ? '\n\n' : ''}${Math.floor(next() * 500) === 0 ? String(Math.floor(next() * 10_000)) + ' ' : ''}`;
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('').slice(0, chars);
}
