/** What the caller wants back: its form, its length, how many, and how it is sampled. */

export type OutputFormat =
  | { type: 'text' }
  | { type: 'json' }
  | { type: 'json-schema'; name: string; description?: string; schema?: Readonly<Record<string, unknown>>; strict?: boolean | null };

export interface OutputSpec {
  format: OutputFormat;
  /** The caller's output limit (OpenAI max_completion_tokens ?? max_tokens; Anthropic max_tokens, always set). */
  maxTokens?: number;
  /** Answers wanted (OpenAI n). 1 unless asked; families that serve only one refuse more with a 400 that fails over. */
  choices: number;
  /** Sequences that end the answer; empty when none. */
  stop: string[];
  /** Token log-probabilities (OpenAI logprobs/top_logprobs, Gemini responseLogprobs). */
  logprobs?: { top?: number };
}

/** The caller's numbers as sent: each family clamps them to its own range, as Anthropic's does with temperature. */
export interface Sampling {
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
}
