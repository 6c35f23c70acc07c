/** The answer the fake upstream gives, token by token: what every target must hand back intact. */
export const ANSWER_TOKENS: readonly string[] = [
  'Sure', '!', ' Here', ' is', ' a', ' short', ' answer', ':', ' the', ' gateway', ' forwards', ' your',
  ' request', ' to', ' the', ' provider', ' and', ' back', '.',
];

export const ANSWER_TEXT = ANSWER_TOKENS.join('');
