/**
 * A job record as the jobs table's item, and back. The caller's own data, the chat request and the
 * metadata, is stored as JSON text rather than as DynamoDB maps, because as maps valid requests
 * fail to be stored: the document client's marshalling takes an object with a `constructor` key
 * for a class instance and refuses it, and assigns a `__proto__` key as the map's prototype;
 * DynamoDB refuses maps nested more than 32 levels deep and numbers outside its range (magnitudes
 * over 1E+126 or under 1E-130). As text, what the API accepted is what is stored and what the
 * worker sends. A record written with maps (by an earlier version) is read as it is.
 */
import type { JobRecord } from './job-record.ts';

/** The attributes the table adds to a record: its keys. */
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'];

/** The record's attributes as written: keys are the caller's to add. */
export function jobToItem(job: JobRecord): Record<string, unknown> {
  return { ...job, request: JSON.stringify(job.request), ...(job.metadata ? { metadata: JSON.stringify(job.metadata) } : {}) };
}

export function jobFromItem(item: Record<string, unknown>): JobRecord {
  const record: Record<string, unknown> = { ...item };
  for (const key of KEY_ATTRIBUTES) delete record[key];
  if (typeof record.request === 'string') record.request = JSON.parse(record.request);
  if (typeof record.metadata === 'string') record.metadata = JSON.parse(record.metadata);
  return record as unknown as JobRecord;
}
