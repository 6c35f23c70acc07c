/**
 * Bearer-key check for the gateway's own keys. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, against every key without stopping early, so timing reveals neither a key's
 * prefix nor which key matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayError } from './gateway-error.ts';

export type Authenticator = (authorization: string | undefined) => void;

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createAuthenticator(keys: readonly string[] | 'open'): Authenticator {
  if (keys === 'open') return () => {};
  const digests = keys.map(digest);

  return (authorization) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) {
      throw unauthorized(
        "Missing API key. Send your Switchyard key as 'Authorization: Bearer <key>' (the OpenAI SDKs do this with apiKey).",
      );
    }
    const presented = digest(token);
    let matched = false;
    for (const expected of digests) matched = timingSafeEqual(expected, presented) || matched;
    if (!matched) throw unauthorized('Incorrect API key provided.');
  };
}

const unauthorized = (message: string) =>
  new GatewayError({ status: 401, type: 'invalid_request_error', code: 'invalid_api_key', message });
