/**
 * providers/preconnect-providers.ts: which connections a new instance opens while it starts.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config/load-config.ts';
import { preconnectProviders } from '../../functions/providers/preconnect-providers.ts';

const opened = (env: Record<string, string>) => {
  const urls: string[] = [];
  const origins = preconnectProviders(loadConfig({ SWITCHYARD_API_KEYS: 'k', ...env }).providers, (url) => urls.push(url));
  expect(urls).toEqual(origins);
  return origins;
};

describe('preconnectProviders', () => {
  it('opens one connection to each configured provider, at its origin', () => {
    expect(opened({ OPENAI_API_KEY: 'sk-1', ANTHROPIC_API_KEY: 'sk-ant-1', SWITCHYARD_BEDROCK_REGION: 'eu-west-1' }).sort()).toEqual([
      'https://api.anthropic.com',
      'https://api.openai.com',
      'https://bedrock-runtime.eu-west-1.amazonaws.com',
    ]);
  });

  it('opens none to a provider without a key', () => {
    expect(opened({})).toEqual([]);
    expect(opened({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })).toEqual([]);
  });

  it('opens none to a base URL that is no URL, and the start goes on', () => {
    expect(opened({ OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: 'api.openai.com/v1', ANTHROPIC_API_KEY: 'sk-ant-1' })).toEqual(['https://api.anthropic.com']);
  });

  it('opens one for providers that share an origin, where their base URLs point', () => {
    expect(opened({ OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1', GROQ_API_KEY: 'gsk-1', GROQ_BASE_URL: 'http://127.0.0.1:8080/groq/v1' })).toEqual([
      'http://127.0.0.1:8080',
    ]);
  });
});
