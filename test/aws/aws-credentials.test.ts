/** Which credentials a signed call uses: the environment's keys as they are, else the default chain. */
import { describe, expect, it } from 'vitest';
import { credentialSource, defaultCredentialChain, environmentCredentials } from '../../functions/aws/aws-credentials.ts';

describe('credentialSource', () => {
  it("uses the environment's keys, with the session token Lambda's role gives", async () => {
    const env = { AWS_ACCESS_KEY_ID: ' AKIDEXAMPLE ', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' };
    expect(await credentialSource(env)()).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
    expect(environmentCredentials({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' })).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
  });

  it('falls back to the default chain without both parts of a key', () => {
    expect(environmentCredentials({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' })).toBeUndefined();
    expect(credentialSource({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' })).toBe(defaultCredentialChain);
    expect(credentialSource({})).toBe(defaultCredentialChain);
  });
});
