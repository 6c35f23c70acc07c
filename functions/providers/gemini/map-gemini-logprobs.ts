/** Gemini's `logprobsResult` in OpenAI's per-token shape (bytes are the token's UTF-8). */
import type { TokenLogprob } from '../../core/stream-event.ts';
import type { GeminiLogprobsCandidate, GeminiLogprobsResult } from './gemini-api-types.ts';

const encoder = new TextEncoder();

export function mapGeminiLogprobs(result: GeminiLogprobsResult): TokenLogprob[] {
  return (result.chosenCandidates ?? []).map((chosen, i) => ({
    ...entry(chosen),
    top_logprobs: (result.topCandidates?.[i]?.candidates ?? []).map(entry),
  }));
}

function entry(candidate: GeminiLogprobsCandidate): { token: string; logprob: number; bytes: number[] } {
  const token = candidate.token ?? '';
  return { token, logprob: candidate.logProbability ?? 0, bytes: Array.from(encoder.encode(token)) };
}
