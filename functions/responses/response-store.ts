/**
 * The Responses door's conversation state: a response kept with `store` (OpenAI's default), what
 * GET /v1/responses/{id} answers, what /input_items lists, and what a later request's
 * `previous_response_id` continues from, on whatever provider serves it. A stored response
 * belongs to the key that created it: to any other key it is absent (a 404, as for an unknown id).
 */

export interface StoredResponse {
  /** resp_…, the id the client saw. */
  id: string;
  /** The calling key's identity (never the key itself): ownerOf(caller) (routing/caller.ts), as a job's owner. */
  owner: string;
  /** Epoch seconds. */
  createdAt: number;
  /** The Response object as returned (what GET answers). */
  response: Readonly<Record<string, unknown>>;
  /** This request's input items, each with an id. */
  inputItems: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /**
   * Every item a continuation starts from: the previous turns, this input, this output (reasoning
   * items with their signatures included). It ends with this response's output items, under the
   * ids `response.output` gives them: GET /input_items lists what comes before them.
   */
  conversation: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

export interface ResponseStore {
  put(stored: StoredResponse): Promise<void>;
  /** Another owner's id: undefined, indistinguishable from absent (or expired). */
  get(id: string, owner: string): Promise<StoredResponse | undefined>;
  /** False when absent or another owner's. */
  delete(id: string, owner: string): Promise<boolean>;
}

/** How long a stored response is kept: 30 days from when it is stored (DynamoDB TTL; filtered on read). */
export const RESPONSE_TTL_SECONDS = 30 * 24 * 3600;
