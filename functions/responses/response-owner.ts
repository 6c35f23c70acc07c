import { OPEN_GATEWAY_OWNER } from '../jobs/job-record.ts';
import type { Caller } from '../routing/caller.ts';

/**
 * Who owns a stored response: the calling key's SHA-256 digest, as a job's owner (never the key),
 * and on a gateway without keys the same `open` every job of it has.
 */
export const responseOwner = (caller: Pick<Caller, 'keyDigest'>): string => caller.keyDigest ?? OPEN_GATEWAY_OWNER;
