import type { ProviderConfig } from '../../config/load-config.ts';
import { ConfigError, type Environment } from '../../config/read-environment.ts';
import type { ProviderDefinition } from '../provider-registry.ts';

/** Bedrock's API key, under the name the AWS SDKs read it from. */
const BEDROCK_TOKEN_VARIABLE = 'AWS_BEARER_TOKEN_BEDROCK';

/**
 * Bedrock is opt-in (model access is granted per account): configured when a region is chosen for
 * it or a Bedrock API key is set. With a key, requests carry it as a bearer token; without one,
 * they are signed with the default AWS credentials (the function's role in Lambda).
 */
export function readBedrockConfig(definition: ProviderDefinition, env: Environment): ProviderConfig {
  const apiKey = env[BEDROCK_TOKEN_VARIABLE]?.trim() || undefined;
  const ownRegion = env.SWITCHYARD_BEDROCK_REGION?.trim() || undefined;
  const region = ownRegion ?? (env.AWS_REGION?.trim() || undefined);
  const configured = ownRegion !== undefined || apiKey !== undefined;
  if (configured && region === undefined) {
    throw new ConfigError(`${BEDROCK_TOKEN_VARIABLE} is set but no region is: set SWITCHYARD_BEDROCK_REGION (or AWS_REGION) to the Bedrock region to call.`);
  }
  const baseUrl = (env[`${definition.envPrefix}_BASE_URL`]?.trim() || definition.defaultBaseUrl.replace('{region}', region ?? 'us-east-1')).replace(/\/+$/, '');
  return {
    definition,
    configured,
    apiKey,
    apiKeyVariable: `SWITCHYARD_BEDROCK_REGION (AWS credentials) or ${BEDROCK_TOKEN_VARIABLE}`,
    baseUrl,
    ...(region === undefined ? {} : { region }),
  };
}
