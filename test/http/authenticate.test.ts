import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../functions/http/authenticate.ts';

describe('createAuthenticator', () => {
  const authenticate = createAuthenticator(['key-one', 'key-two']);

  it('accepts any configured key as a bearer token, or as x-api-key beside another Authorization', () => {
    expect(() => authenticate({ authorization: 'Bearer key-one' })).not.toThrow();
    expect(() => authenticate({ authorization: 'bearer key-two' })).not.toThrow();
    expect(() => authenticate({ authorization: 'AWS4-HMAC-SHA256 Credential=...', 'x-api-key': 'key-two' })).not.toThrow();
    expect(() => authenticate({ 'x-api-key': 'key-thr' })).toThrow(expect.objectContaining({ status: 401 }));
  });

  it('refuses a missing, malformed, wrong or prefix key with 401 invalid_api_key', () => {
    for (const header of [undefined, '', 'key-one', 'Basic key-one', 'Bearer key-on', 'Bearer key-one-more', 'Bearer  ']) {
      expect(() => authenticate({ authorization: header }), String(header)).toThrow(expect.objectContaining({ status: 401, code: 'invalid_api_key' }));
    }
  });

  it('lets everything through only when the gateway is open', () => {
    expect(() => createAuthenticator('open')({})).not.toThrow();
  });
});
