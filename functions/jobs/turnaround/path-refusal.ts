/**
 * A provider's refusal of a discounted path outright, for want of the API rather than for its
 * queue (batch-http.ts): its whole batch API (a custom OPENAI_BASE_URL that serves chat only), or
 * batch mode for one model (Gemini's 404 for a model batch mode does not serve). It rules the path
 * out, for the provider or that target, for REFUSAL_MEMORY_MS. It says nothing of how fast the path
 * answers when it does, so it is kept apart from the turnaround samples and never counted among them.
 */
export interface PathRefusal {
  /** When (epoch ms) the provider refused. */
  at: number;
  /** The target whose model was refused; undefined when the provider refused the path for every model. */
  targetId?: string;
}

/**
 * How long a refusal rules its path out: long enough that a gateway in front of a server without
 * a batch API tries it a few times a day at most (each try costs one submission's jobs a poller
 * run before the standard call), short enough that a server that gains one is used the same day.
 */
export const REFUSAL_MEMORY_MS = 6 * 60 * 60_000;

/** Whether any refusal younger than REFUSAL_MEMORY_MS covers the target: the path has no chance there then. */
export function refusedRecently(refusals: readonly PathRefusal[], targetId: string | undefined, now: number): boolean {
  return refusals.some((refusal) => now - refusal.at < REFUSAL_MEMORY_MS && (refusal.targetId === undefined || refusal.targetId === targetId));
}
