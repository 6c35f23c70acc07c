/**
 * Clients for the providers' batch APIs, as the asynchronous path's worker (submit) and poller
 * (poll, cancel) use them: one provider-neutral interface over OpenAI's Batch API, Anthropic's
 * Message Batches and Gemini's batch mode, each client in its provider family's folder.
 *
 * Every item is translated by the provider's own adapter, exactly as the synchronous call would
 * send it (`buildRequest` with `stream: false`, its JSON body only), and every result is read
 * back by the same adapter (`parseChatResponse` + `collectResult`) into the neutral result the
 * job's endpoint encodes, so a batched job's answer is indistinguishable from a synchronous one's. Discounts are the
 * pricing module's business, not this one's.
 *
 * Failures of the batch API calls themselves are thrown as CallErrors naming the provider (a
 * submission to a server without a batch API as `batch_api_missing`, or for a model batch mode does
 * not serve as `batch_model_unavailable`, see batch-http.ts);
 * failures of single items are returned in their result. Provider keys are never in either.
 */
import type { Call } from '../core/call.ts';
import type { CallResult } from '../core/collect-result.ts';
import type { Usage } from '../core/stream-event.ts';
import type { ProviderConfig } from '../config/load-config.ts';
import { createRedactor } from '../http/redact-secrets.ts';
import type { JobError } from '../jobs/job-record.ts';
import { createAnthropicBatchClient } from '../providers/anthropic/anthropic-batch-client.ts';
import { createGeminiBatchClient } from '../providers/gemini/gemini-batch-client.ts';
import { createOpenAIBatchClient } from '../providers/openai-compatible/openai-batch-client.ts';
import type { ProviderFamilyId } from '../providers/provider-families.ts';
import { findProvider, type ProviderDefinition } from '../providers/provider-registry.ts';
import { scrubBatchClient } from './scrub-batch-client.ts';

export interface BatchItem {
  /**
   * The item's id within the batch (OpenAI's and Anthropic's `custom_id`, Gemini's metadata `key`):
   * 1 to 64 of `a-zA-Z0-9_-` (Anthropic's rule, applied to every provider), unique in the batch.
   */
  customId: string;
  call: Call;
  /** The provider's own model name: the part after `provider/`. */
  model: string;
  /** The model's maximum output tokens from the catalog, for providers that require a limit (Anthropic). */
  maxOutputTokens?: number;
}

export interface SubmitOptions {
  signal?: AbortSignal;
  /** Free-form labels kept with the batch where the provider has a place for them (OpenAI's `metadata`, at most 16). */
  metadata?: Record<string, string>;
  /** A name for the batch where the provider wants one (Gemini's `displayName`); a default otherwise. */
  displayName?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface SubmittedBatch {
  provider: string;
  /** The provider's id for the batch, as `poll` and `cancel` take it (Gemini's is `batches/<id>`). */
  batchId: string;
}

export type BatchItemResult =
  | { ok: true; result: CallResult; usage: Usage | undefined }
  /** The provider answered this item with an error (its status and message, in the gateway's terms). */
  | { ok: false; error: JobError };

export type BatchState =
  /** Still running (OpenAI's validating, in_progress, finalizing and cancelling; Anthropic's canceling too). */
  | { status: 'in_progress' }
  /**
   * The batch ended (completed, expired or cancelled): `results` has every item that ran, by custom
   * id. `expiredOrCanceled` lists the items the provider said it did not run. An item of the batch in
   * neither was not run either (Gemini names no items of an expired or cancelled batch): the caller
   * should treat every submitted id missing from `results` as not run.
   */
  | { status: 'ended'; results: Map<string, BatchItemResult>; expiredOrCanceled: string[] }
  /** The batch as a whole failed (OpenAI's input validation, Gemini's FAILED): none of it ran. */
  | { status: 'failed'; reason: string };

export interface BatchClient {
  readonly provider: string;
  /**
   * Whether every item of one batch must name the same model (OpenAI, and Gemini whose batch is
   * created on a model): `submit` rejects a mixed batch, so group items by model first.
   */
  readonly oneModelPerBatch: boolean;
  submit(items: readonly BatchItem[], options?: SubmitOptions): Promise<SubmittedBatch>;
  poll(batchId: string, options?: CallOptions): Promise<BatchState>;
  /** Asks the provider to stop the batch; what already ran still comes back from `poll`. */
  cancel(batchId: string, options?: CallOptions): Promise<void>;
}

export interface BatchClientOptions {
  /** For each HTTP call to the batch API (a results download included). 120 s by default. */
  timeoutMs?: number;
  /** Unix seconds for results whose provider gives no creation time; the clock by default. */
  now?: () => number;
}

type BatchClientFactory = (provider: ProviderDefinition, config: ProviderConfig, options: BatchClientOptions) => BatchClient;

/**
 * Each family's batch client, from its folder; listed here rather than in its ProviderFamily so
 * that only the functions that batch (the worker, the poller) carry them (the gateway's and the
 * probe's bundles do not).
 */
const BATCH_CLIENTS: Readonly<Partial<Record<ProviderFamilyId, BatchClientFactory>>> = {
  'openai-compatible': createOpenAIBatchClient,
  anthropic: (_provider, config, options) => createAnthropicBatchClient(config, options),
  gemini: (_provider, config, options) => createGeminiBatchClient(config, options),
};

/**
 * The batch client for a provider, or undefined for providers without a batch API the gateway uses
 * (no `batchApi` in their entry) and for providers that are not configured.
 */
export function batchClientFor(providerId: string, provider: ProviderConfig | undefined, options: BatchClientOptions = {}): BatchClient | undefined {
  if (!provider?.configured || provider.apiKey === undefined) return undefined;
  const definition = findProvider(providerId);
  const client = definition?.batchApi ? BATCH_CLIENTS[definition.family]?.(definition, provider, options) : undefined;
  // The provider was sent its own key only: that key (and the shapes of any key) is what its answers may echo.
  return client && scrubBatchClient(client, createRedactor([provider.apiKey]));
}
