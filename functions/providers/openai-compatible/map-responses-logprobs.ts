import type { TokenLogprob } from '../../core/stream-event.ts';
import type { ResponsesLogprob } from './responses-api-types.ts';

const hasLogprob = <T extends { logprob?: number }>(entry: T): entry is T & { logprob: number } => typeof entry.logprob === 'number';

/** `output_text` log-probabilities as Chat Completions' entries: the same fields, none left missing. */
export const mapResponsesLogprobs = (logprobs: readonly ResponsesLogprob[]): TokenLogprob[] =>
  logprobs.filter(hasLogprob).map((entry) => ({
    token: entry.token ?? '',
    logprob: entry.logprob,
    bytes: entry.bytes ?? null,
    top_logprobs: (entry.top_logprobs ?? []).filter(hasLogprob).map((top) => ({ token: top.token ?? '', logprob: top.logprob, bytes: top.bytes ?? null })),
  }));
