/**
 * A job of the asynchronous path as the jobs table keeps it: the source of truth for its state.
 * The queue message carries only the job's id; everything else is read from here.
 */
import type { ChatRequest } from '../chat/chat-request-schema.ts';
import type { Served } from '../chat/chat-service.ts';
import type { ChatCompletion } from '../chat/collect-chat-completion.ts';
import type { Usage } from '../chat/stream-event.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';

/** States a job never leaves: a delivery that finds one has nothing to do. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

export const isTerminal = (status: JobStatus): boolean => TERMINAL_JOB_STATUSES.has(status);

/** How a job was (or will be) run: only the standard synchronous call so far; batch and flex come later. */
export type JobPath = 'standard';

/** Why a job failed, in the terms of the gateway's OpenAI-shaped errors. */
export interface JobError {
  message: string;
  code: string | null;
  status: number;
}

/** How long a job record is kept, from its creation (DynamoDB TTL; filtered on read). */
export const JOB_TTL_SECONDS = 30 * 24 * 3600;

export interface JobRecord {
  id: string;
  status: JobStatus;
  request: ChatRequest;
  /** Who may see the job: a hash of the gateway key that created it. */
  owner: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  /** Claims so far (a re-claim after a lost worker counts too). */
  attempts: number;
  /** The claim in force while `running`: who holds it and until when (epoch ms). */
  leaseId?: string;
  leaseExpiresAt?: number;
  path: JobPath;
  /** Set once, on success. */
  result?: ChatCompletion;
  served?: Served;
  usage?: Usage;
  /** Set on failure. */
  error?: JobError;
  /** Epoch seconds after which the record is gone (TTL attribute). */
  expiresAt: number;
}

export interface NewJob {
  id: string;
  request: ChatRequest;
  owner: string;
  /** Defaults to the current time. */
  now?: Date;
}

/** A job as it is first written: queued, never attempted, expiring JOB_TTL_SECONDS from now. */
export function newJobRecord({ id, request, owner, now = new Date() }: NewJob): JobRecord {
  const at = now.toISOString();
  return {
    id,
    status: 'queued',
    request,
    owner,
    createdAt: at,
    updatedAt: at,
    attempts: 0,
    path: 'standard',
    expiresAt: Math.floor(now.getTime() / 1000) + JOB_TTL_SECONDS,
  };
}
