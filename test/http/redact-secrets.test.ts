import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../functions/http/redact-secrets.ts';

describe('redactSecrets', () => {
  it('removes configured keys and masked key echoes', () => {
    expect(redactSecrets('bad key my-own-secret-key here', ['my-own-secret-key'])).toBe('bad key [redacted] here');
    expect(redactSecrets('Incorrect API key provided: sk-proj-********abcd. You can')).toBe('Incorrect API key provided: [redacted] You can');
    expect(redactSecrets('key AIzaSyA1234567890abcdef invalid')).toBe('key [redacted] invalid');
    expect(redactSecrets('Invalid API Key gsk_abcdef123')).toBe('Invalid API Key [redacted]');
  });
});
