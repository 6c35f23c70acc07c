/**
 * Callback signatures, Stripe-style: `x-switchyard-signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<body>">` with the deployment's callback secret. The timestamp is signed with the body,
 * so a receiver that checks it is recent rejects a replayed request as well as a forged one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CALLBACK_SIGNATURE_HEADER = 'x-switchyard-signature';

/** How old a signature a receiver should accept, by default: five minutes, either way. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: number, body: string): string => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** The header's value for `body` (the exact bytes sent) signed at `timestamp` (unix seconds). */
export function signCallback(body: string, secret: string, timestamp: number): string {
  if (!Number.isInteger(timestamp)) throw new RangeError(`timestamp must be whole unix seconds, not ${timestamp}`);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export interface VerifyOptions {
  /** Unix seconds; defaults to the current time. */
  now?: number;
  toleranceSeconds?: number;
}

/**
 * Whether `header` signs `body` with `secret` within the tolerance. Any `v1` entry may match (a
 * sender rotating its secret can send two); the comparison takes constant time.
 */
export function verifyCallbackSignature(body: string, header: string | null | undefined, secret: string, options: VerifyOptions = {}): boolean {
  if (!header) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > tolerance) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return parts.some(([key, value]) => {
    if (key !== 'v1' || !value || !/^[0-9a-f]{64}$/i.test(value)) return false;
    return timingSafeEqual(expected, Buffer.from(value, 'hex'));
  });
}
