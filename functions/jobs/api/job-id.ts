/** Job ids: `job_` and 128 random bits, URL-safe, so an id can neither be guessed nor collide. */
import { randomBytes } from 'node:crypto';

export const newJobId = (): string => `job_${randomBytes(16).toString('base64url')}`;

/** What an id in a URL must look like before it is looked up (anything else is no job of anyone's). */
export const isJobId = (value: string): boolean => /^job_[A-Za-z0-9_-]{1,64}$/.test(value);
