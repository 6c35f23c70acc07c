/** How loadConfig reads Bedrock: opt-in by region or API key, the region's endpoint, a base URL override. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../functions/config/load-config.ts';

const bedrock = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env }).providers.get('bedrock');

describe('Bedrock configuration', () => {
  it('is off in Lambda until a team opts in, although AWS_REGION is always set there', () => {
    expect(bedrock({ AWS_REGION: 'us-east-1' })).toMatchObject({ configured: false, apiKey: undefined });
  });

  it('signs for SWITCHYARD_BEDROCK_REGION and calls that region\'s runtime endpoint', () => {
    expect(bedrock({ AWS_REGION: 'eu-west-1', SWITCHYARD_BEDROCK_REGION: 'us-west-2' })).toMatchObject({
      configured: true,
      apiKey: undefined,
      region: 'us-west-2',
      baseUrl: 'https://bedrock-runtime.us-west-2.amazonaws.com',
    });
  });

  it('takes an API key with AWS_REGION as the region, and BEDROCK_BASE_URL as the endpoint', () => {
    expect(bedrock({ AWS_BEARER_TOKEN_BEDROCK: 'bedrock-key', AWS_REGION: 'eu-central-1', BEDROCK_BASE_URL: 'https://vpce.example/' })).toMatchObject({
      configured: true,
      apiKey: 'bedrock-key',
      region: 'eu-central-1',
      baseUrl: 'https://vpce.example',
    });
  });

  it('refuses an API key without any region', () => {
    expect(() => bedrock({ AWS_BEARER_TOKEN_BEDROCK: 'bedrock-key' })).toThrow(ConfigError);
  });
});
