/**
 * Where a job lives in the jobs table (see TABLES.jobs): pk `job#<id>`, sk `job`, and the byOwner
 * index's keys, gsi1pk `owner#<owner>` and gsi1sk `<created ISO>#<id>` (newest first when read backwards).
 */
import { JOBS_PARTITIONS } from './jobs-table-partitions.ts';

export interface JobKey {
  pk: string;
  sk: string;
}

export const JOB_SORT_KEY = 'job';

export const jobKey = (id: string): JobKey => ({ pk: `${JOBS_PARTITIONS.job}${id}`, sk: JOB_SORT_KEY });

export const jobOwnerIndexKeys = (owner: string, createdAt: string, id: string): { gsi1pk: string; gsi1sk: string } => ({
  gsi1pk: `owner#${owner}`,
  gsi1sk: `${createdAt}#${id}`,
});
