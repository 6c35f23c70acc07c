/**
 * What every batch client shares: checking the items, translating each with the provider's adapter
 * exactly as a synchronous call is translated, and reading each result back the same way.
 */
import type { ProviderConfig } from '../config/load-config.ts';
import { CallError, invalidRequest } from '../core/call-error.ts';
import { collectResult } from '../core/collect-result.ts';
import type { JobError } from '../jobs/job-record.ts';
import type { ProviderAdapter } from '../providers/provider-adapter.ts';
import { upstreamBadResponse, upstreamStatusError } from '../providers/upstream/upstream-errors.ts';
import type { UpstreamErrorInfo } from '../providers/provider-adapter.ts';
import type { BatchItem, BatchItemResult } from './batch-client.ts';

/** Anthropic's rule for `custom_id`, the strictest of the three; applied to every provider. */
export const CUSTOM_ID_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Throws a 400 CallError for an empty batch, a bad or repeated custom id, or (when asked) mixed models. */
export function checkItems(provider: string, items: readonly BatchItem[], oneModel: boolean): void {
  if (items.length === 0) throw invalidRequest(`${provider} batch: no items to submit.`);
  const seen = new Set<string>();
  for (const item of items) {
    if (!CUSTOM_ID_PATTERN.test(item.customId)) {
      throw invalidRequest(`${provider} batch: custom id '${item.customId.slice(0, 80)}' must be 1 to 64 letters, digits, '_' or '-'.`, 'custom_id');
    }
    if (seen.has(item.customId)) throw invalidRequest(`${provider} batch: custom id '${item.customId}' appears twice.`, 'custom_id');
    seen.add(item.customId);
  }
  if (oneModel && items.some((item) => item.model !== items[0]!.model)) {
    throw invalidRequest(`${provider} batch: every item of one batch must use the same model; group the items by model.`, 'model');
  }
}

/**
 * The JSON body the adapter would send for this item synchronously (`stream: false`); `translated`
 * for a batch API that takes the family's translated form only.
 */
export function buildItemBody(adapter: ProviderAdapter, provider: ProviderConfig, item: BatchItem, options: { translated?: true } = {}): Record<string, unknown> {
  const built = adapter.buildRequest(item.call, {
    ...options,
    model: item.model,
    apiKey: provider.apiKey ?? '',
    baseUrl: provider.baseUrl,
    stream: false,
    ...(item.maxOutputTokens === undefined ? {} : { maxOutputTokens: item.maxOutputTokens }),
  });
  return JSON.parse(built.body) as Record<string, unknown>;
}

/** One successful response body, read as the synchronous path reads it; a body it cannot read is the item's error. */
export function readItemResponse(adapter: ProviderAdapter, providerId: string, body: unknown, context: { model: string; now: number }): BatchItemResult {
  try {
    const result = collectResult(adapter.parseChatResponse(body, context));
    return { ok: true, result, usage: result.usage };
  } catch (error) {
    if (error instanceof CallError) return itemFailure(error);
    return itemFailure(upstreamBadResponse(providerId, 'its shape was not as documented'));
  }
}

/** An item's error as the job record keeps it. */
export const itemFailure = (error: CallError): BatchItemResult => ({ ok: false, error: toItemError(error) });

/** An item the provider answered with an HTTP status (or its equivalent) and an error body. */
export const itemStatusFailure = (providerId: string, status: number, info: UpstreamErrorInfo): BatchItemResult =>
  itemFailure(upstreamStatusError(providerId, status, info, null));

const toItemError = (error: CallError): JobError => ({ message: error.message, code: error.code, status: error.status });
