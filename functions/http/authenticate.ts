/**
 * The check of the gateway's own keys: `Authorization: Bearer <key>` as the OpenAI SDKs send it,
 * or `x-api-key: <key>` for clients whose Authorization header carries something else (an AWS
 * SigV4 signature, behind a Function URL with AWS_IAM auth). Keys are compared as SHA-256 digests
 * with `timingSafeEqual`, against every key without stopping early, so timing reveals neither a
 * key's prefix nor which key matched.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import { CallError } from '../core/call-error.ts';

/** The caller's key as its hex SHA-256 digest (what key policies and job ownership name it by), or undefined on an open gateway. */
export type Authenticator = (headers: Readonly<Record<string, string | undefined>>) => { keyDigest: string } | undefined;

// The one-shot hash: no Hash object per request (it runs on every request, and costs half as much).
const digest = (value: string) => hash('sha256', value, 'buffer');

export function createAuthenticator(keys: readonly string[] | 'open'): Authenticator {
  if (keys === 'open') return () => undefined;
  const digests = keys.map(digest);

  return (headers) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1] ?? (headers['x-api-key']?.trim() || undefined);
    if (token === undefined) {
      throw unauthorized(
        "Missing API key. Send your Switchyard key as 'Authorization: Bearer <key>' or 'x-api-key: <key>' (the OpenAI and Anthropic SDKs do this with apiKey).",
      );
    }
    const presented = digest(token);
    let matched = false;
    for (const expected of digests) matched = timingSafeEqual(expected, presented) || matched;
    if (!matched) throw unauthorized('Incorrect API key provided.');
    return { keyDigest: presented.toString('hex') };
  };
}

const unauthorized = (message: string) =>
  new CallError({ status: 401, kind: 'authentication', fault: 'caller', code: 'invalid_api_key', message });
