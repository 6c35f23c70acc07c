import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config/load-config.ts';

describe('loadConfig', () => {
  it('reads provider keys and base URLs under the names their SDKs use, with public defaults', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      ANTHROPIC_API_KEY: 'sk-ant',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9000/',
      GROQ_API_KEY: ' gsk ',
    });
    expect(config.providers.get('anthropic')).toMatchObject({ apiKey: 'sk-ant', baseUrl: 'http://127.0.0.1:9000' });
    expect(config.providers.get('groq')).toMatchObject({ apiKey: 'gsk', baseUrl: 'https://api.groq.com/openai/v1' });
    expect(config.providers.get('openai')).toMatchObject({ apiKey: undefined, apiKeyVariable: 'OPENAI_API_KEY', baseUrl: 'https://api.openai.com/v1' });
    expect(config.providers.get('gemini')?.baseUrl).toBe('https://generativelanguage.googleapis.com');
  });

  it('requires gateway keys outside development and test', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).gatewayKeys).toBe('open');
    expect(loadConfig({ NODE_ENV: 'test' }).gatewayKeys).toBe('open');
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', SWITCHYARD_API_KEYS: ' , ' })).toThrow(/SWITCHYARD_API_KEYS is not set/);
    expect(loadConfig({ NODE_ENV: 'production', SWITCHYARD_API_KEYS: 'a, b' }).gatewayKeys).toEqual(['a', 'b']);
  });

  it('lets functions that serve no HTTP start without gateway keys, as a closed list rather than open', () => {
    expect(loadConfig({ NODE_ENV: 'production' }, { requireGatewayKeys: false }).gatewayKeys).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'development' }, { requireGatewayKeys: false }).gatewayKeys).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', SWITCHYARD_API_KEYS: 'a' }, { requireGatewayKeys: false }).gatewayKeys).toEqual(['a']);
    expect(() => loadConfig({ NODE_ENV: 'production' }, { requireGatewayKeys: true })).toThrow(ConfigError);
  });

  it('rejects a malformed number', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', SWITCHYARD_UPSTREAM_TIMEOUT_MS: '10s' })).toThrow(/SWITCHYARD_UPSTREAM_TIMEOUT_MS/);
  });
});
