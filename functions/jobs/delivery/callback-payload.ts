/**
 * What a callback POSTs: the job as `GET /v1/jobs/{id}` shows it, with its result whole (read
 * from the results bucket when it was too large for the record). The API's own presenter is
 * passed in as `present` when there is one, so both always agree; this default is its shape.
 */
import type { ChatCompletion } from '../../chat/collect-chat-completion.ts';
import type { JobRecord } from '../job-record.ts';

export type PresentJob = (job: JobRecord, result: ChatCompletion | undefined) => unknown;

const seconds = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : null);

export const presentJob: PresentJob = (job, result) => ({
  id: job.id,
  object: 'job',
  status: job.status,
  model: job.request.model,
  created_at: seconds(job.createdAt),
  completed_at: seconds(job.completedAt ?? (job.status === 'failed' ? job.updatedAt : undefined)),
  metadata: job.metadata ?? null,
  result: result ?? null,
  error: job.error ?? null,
  usage: job.usage ? { prompt_tokens: job.usage.inputTokens, completion_tokens: job.usage.outputTokens } : null,
  cost_usd: job.costUsd ?? null,
});
