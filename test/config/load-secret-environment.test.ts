import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config/load-config.ts';
import {
  createSecretsManagerReader,
  loadSecretEnvironment,
  mergeSecretEnvironment,
  parseSecretEnvironment,
} from '../../functions/config/load-secret-environment.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:switchyard-AbCdEf';

describe('parseSecretEnvironment', () => {
  it('returns an object of strings', () => {
    expect(parseSecretEnvironment('{"OPENAI_API_KEY":"sk-1","SWITCHYARD_API_KEYS":"a,b"}', ARN)).toEqual({ OPENAI_API_KEY: 'sk-1', SWITCHYARD_API_KEYS: 'a,b' });
    expect(parseSecretEnvironment('{}', ARN)).toEqual({});
  });

  it('rejects anything else, naming the problem and never the values', () => {
    const cases: Array<[string | undefined, RegExp]> = [
      [undefined, /has no string value/],
      ['sk-secret-value', /is not valid JSON/],
      ['{"OPENAI_API_KEY": "sk-secret-value"', /is not valid JSON/],
      ['["sk-secret-value"]', /got an array/],
      ['"sk-secret-value"', /got string/],
      ['null', /got null/],
      ['{"OPENAI API KEY":"sk-secret-value"}', /not variable names: "OPENAI API KEY"/],
      ['{"OPENAI_API_KEY":{"key":"sk-secret-value"},"GROQ_API_KEY":1}', /must be strings: OPENAI_API_KEY, GROQ_API_KEY/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseSecretEnvironment(text, ARN);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('sk-secret-value');
    }
  });
});

describe('mergeSecretEnvironment', () => {
  it('lets the secret win over the environment and keeps everything else', () => {
    expect(mergeSecretEnvironment({ OPENAI_API_KEY: 'from-env', AWS_REGION: 'eu-west-1' }, { OPENAI_API_KEY: 'from-secret' })).toEqual({
      OPENAI_API_KEY: 'from-secret',
      AWS_REGION: 'eu-west-1',
    });
  });
});

describe('loadSecretEnvironment', () => {
  it('uses the environment as it is when no secret is configured', async () => {
    const env = { NODE_ENV: 'test', OPENAI_API_KEY: 'sk' };
    const reader = { getSecretString: () => Promise.reject(new Error('not called')) };
    expect(await loadSecretEnvironment(env, reader)).toBe(env);
    expect(await loadSecretEnvironment({ ...env, SWITCHYARD_SECRET_ARN: ' ' }, reader)).toEqual({ ...env, SWITCHYARD_SECRET_ARN: ' ' });
  });

  describe('against a local Secrets Manager endpoint', () => {
    const requests: Array<{ headers: IncomingHttpHeaders; body: { SecretId?: string } }> = [];
    let secretString: string | undefined = JSON.stringify({ ANTHROPIC_API_KEY: 'sk-ant', SWITCHYARD_API_KEYS: 'key-1,key-2' });
    const server = createServer(async (request, response) => {
      let text = '';
      for await (const chunk of request) text += chunk;
      const body = JSON.parse(text) as { SecretId?: string };
      requests.push({ headers: request.headers, body });
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (body.SecretId !== ARN) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      response.end(JSON.stringify({ ARN, Name: 'switchyard', VersionId: 'v1', SecretString: secretString, CreatedDate: 1_700_000_000 }));
    });
    let reader: ReturnType<typeof createSecretsManagerReader>;

    beforeAll(async () => {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      reader = createSecretsManagerReader({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        region: 'eu-west-1',
        credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' }),
      });
    });
    afterAll(() => server.close());

    it('calls GetSecretValue for SWITCHYARD_SECRET_ARN and merges the keys in, so loadConfig sees them', async () => {
      const env = await loadSecretEnvironment({ SWITCHYARD_SECRET_ARN: ARN, ANTHROPIC_API_KEY: 'stale', AWS_REGION: 'eu-west-1' }, reader);
      expect(requests.at(-1)?.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
      expect(requests.at(-1)?.body).toEqual({ SecretId: ARN });
      expect(env).toMatchObject({ ANTHROPIC_API_KEY: 'sk-ant', SWITCHYARD_API_KEYS: 'key-1,key-2', AWS_REGION: 'eu-west-1' });
      const config = loadConfig(env);
      expect(config.gatewayKeys).toEqual(['key-1', 'key-2']);
      expect(config.providers.get('anthropic')?.apiKey).toBe('sk-ant');
    });

    it('fails the cold start on a malformed secret or an unknown ARN', async () => {
      secretString = 'sk-oops';
      await expect(loadSecretEnvironment({ SWITCHYARD_SECRET_ARN: ARN }, reader)).rejects.toThrow(/is not valid JSON/);
      await expect(loadSecretEnvironment({ SWITCHYARD_SECRET_ARN: `${ARN}-other` }, reader)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });
});
