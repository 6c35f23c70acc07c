/** The answer the fake upstream gives, token by token: what every target must hand back intact. */
export const ANSWER_TOKENS: readonly string[] = [
  'Sure', '!', ' Here', ' is', ' a', ' short', ' answer', ':', ' the', ' gateway', ' forwards', ' your',
  ' request', ' to', ' the', ' provider', ' and', ' back', '.',
];

export const ANSWER_TEXT = ANSWER_TOKENS.join('');

/** What the Messages and Responses fakes read of a request: its model, and whether it streams. */
export interface ModelAndStream {
  model: string;
  stream: boolean;
}

/** A request body's model and `stream`; undefined for a body that is not JSON with a model (a 400). */
export function parseModelAndStream(body: string): ModelAndStream | undefined {
  try {
    const json = JSON.parse(body) as { model?: unknown; stream?: unknown };
    if (typeof json.model !== 'string') return undefined;
    return { model: json.model, stream: json.stream === true };
  } catch {
    return undefined;
  }
}
