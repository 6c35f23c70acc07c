/**
 * What a callback POSTs: the job as `GET /v1/jobs/{id}` shows it (the API's toJobObject), with
 * its result whole, read from the results bucket when it was too large for the record.
 */
import type { JobResult } from '../job-endpoints.ts';
import { toJobObject } from '../api/job-view.ts';
import type { JobRecord } from '../job-record.ts';

export type PresentJob = (job: JobRecord, result: JobResult | undefined) => unknown;

export const presentJob: PresentJob = (job, result) => toJobObject(result ? { ...job, result } : job);
