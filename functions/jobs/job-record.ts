/**
 * A job of the asynchronous path as the jobs table keeps it: the source of truth for its state.
 * The queue message carries only the job's id; everything else is read from here.
 */
import type { Served } from '../serve/chat-service.ts';
import type { JobEndpointPath, JobRequest, JobResult } from './job-endpoints.ts';
import type { Usage } from '../core/stream-event.ts';
import type { JsonObjectRef } from '../aws/json-objects.ts';

/**
 * queued: accepted, waiting for the worker (or for a cheaper price window); submitted: handed to a
 * provider's batch API, waiting for the poller; running: a worker is calling the provider.
 */
export type JobStatus = 'queued' | 'submitted' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';

/** States a job never leaves: a delivery that finds one has nothing to do. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

export const isTerminal = (status: JobStatus): boolean => TERMINAL_JOB_STATUSES.has(status);

/**
 * How a job is (or was) run: a provider's batch API, a flex tier, the standard call at a cheaper
 * price window, or the standard synchronous call. Undecided until the worker chooses.
 */
export const JOB_PATHS = ['batch', 'flex', 'price-window', 'standard'] as const;
export type JobPath = (typeof JOB_PATHS)[number];

/** Where a job sits in a provider's batch while it is `submitted`. */
export interface JobBatchRef {
  provider: string;
  /** The provider's batch id. */
  batchId: string;
  /** The job's id within the batch (`custom_id`, Anthropic's `custom_id`, Gemini's `key`). */
  customId: string;
}

/** Why a job failed, in the terms of the gateway's OpenAI-shaped errors. */
export interface JobError {
  message: string;
  code: string | null;
  status: number;
}

/** Where a completion too large for the job record is stored whole (delivery/result-storage.ts). */
export type JobResultRef = JsonObjectRef;

/** A callback's delivery: `pending` until a 2xx answer (`delivered`) or its last attempt (`failed`). */
export interface JobCallback {
  status: 'pending' | 'delivered' | 'failed';
  /** Attempts started so far. */
  attempts: number;
  /** Epoch ms the next attempt is due (while pending). */
  nextAttemptAt?: number;
  /** Why the last attempt failed (a status or a network error), never the receiver's body. */
  lastError?: string;
  /** ISO time of the 2xx answer. */
  deliveredAt?: string;
}

/** How long a job record is kept, from its creation (DynamoDB TTL; filtered on read). */
export const JOB_TTL_SECONDS = 30 * 24 * 3600;


export interface JobRecord {
  id: string;
  status: JobStatus;
  /** The API the request is written in, and the result will be; absent for chat completions. */
  endpoint?: JobEndpointPath;
  request: JobRequest;
  /** Who may see the job: a hash of the gateway key that created it (OPEN_GATEWAY_OWNER without keys); its policy holds when the job runs. */
  owner: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  /** Claims so far (a re-claim after a lost worker counts too). */
  attempts: number;
  /** The claim in force while `running`: who holds it and until when (epoch ms). */
  leaseId?: string;
  leaseExpiresAt?: number;
  /** Chosen by the worker; absent while the job waits for its first choice. */
  path?: JobPath;
  /** The target the worker chose with the path (`provider/model`), kept for a deferred run. */
  targetId?: string;
  /** Epoch ms by which the caller needs the result. */
  deadlineAt: number;
  /** The caller's own key-value pairs, returned as given. */
  metadata?: Record<string, string>;
  /** Where the result is POSTed when the job ends. */
  callbackUrl?: string;
  /** Set while the job is in a provider batch. */
  batch?: JobBatchRef;
  /** Epoch ms before which a job waiting for a cheaper price window is not run. */
  notBefore?: number;
  /** USD by the price book, from the actual usage and the tier's discount. */
  costUsd?: number;
  /** ISO time the job ended. */
  completedAt?: string;
  /** Set once, on success: the completion itself, or `resultRef` when it is too large for the record. */
  result?: JobResult;
  resultRef?: JobResultRef;
  served?: Served;
  usage?: Usage;
  /** Set on failure. */
  error?: JobError;
  /** The callback's delivery, once the job with a `callbackUrl` has ended (delivery/callback-sweep.ts). */
  callback?: JobCallback;
  /** Epoch seconds after which the record is gone (TTL attribute). */
  expiresAt: number;
}

export interface NewJob {
  id: string;
  endpoint?: JobEndpointPath;
  request: JobRequest;
  owner: string;
  deadlineAt: number;
  metadata?: Record<string, string>;
  callbackUrl?: string;
  /** Defaults to the current time. */
  now?: Date;
}

/** A job as it is first written: queued, never attempted, expiring JOB_TTL_SECONDS from now. */
export function newJobRecord({ id, endpoint, request, owner, deadlineAt, metadata, callbackUrl, now = new Date() }: NewJob): JobRecord {
  const at = now.toISOString();
  return {
    id,
    status: 'queued',
    ...(endpoint ? { endpoint } : {}),
    request,
    owner,
    createdAt: at,
    updatedAt: at,
    attempts: 0,
    deadlineAt,
    ...(metadata ? { metadata } : {}),
    ...(callbackUrl ? { callbackUrl } : {}),
    // Kept a month past its deadline at least, so that a result stays readable.
    expiresAt: Math.floor(Math.max(now.getTime(), deadlineAt) / 1000) + JOB_TTL_SECONDS,
  };
}
