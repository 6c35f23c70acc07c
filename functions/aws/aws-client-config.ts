/**
 * Where every AWS client of the application goes and as whom: the region and, when the variable
 * names one, a custom endpoint (the embedded DynamoDB/SQS/S3 endpoints of `npm start`, or any
 * API-compatible service). With the endpoint variable unset, the real AWS endpoint of the region.
 * Credentials: the environment's keys (in Lambda, the function's role), else the default chain.
 */
import type { Environment } from '../config/load-config.ts';
import { credentialSource, environmentCredentials, type AwsCredentials, type CredentialSource } from './aws-credentials.ts';
import { endpointSettings, type EndpointService, type EndpointSettings } from './aws-endpoint.ts';

/** Region used when a custom endpoint is set and no region is: local endpoints accept any. */
export const LOCAL_DEFAULT_REGION = 'us-east-1';

/** For the SDK's clients (S3, and SQS where `npm start` and the tests receive): the SDK resolves a missing credential itself. */
export interface AwsClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: AwsCredentials;
}

export function awsClientConfig(env: Environment, endpointVariable: string): AwsClientConfig {
  const { region, endpoint } = awsEndpoint(env, endpointVariable);
  const credentials = environmentCredentials(env);
  return { ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) };
}

/** For the JSON-protocol client (aws-json-client.ts): its endpoint as the SDKs resolve it (aws-endpoint.ts). */
export interface AwsTarget extends Partial<Omit<EndpointSettings, 'endpoint'>> {
  region: string | undefined;
  endpoint?: string;
  credentials: CredentialSource;
}

export function awsTarget(env: Environment, service: EndpointService, endpointVariable: string): AwsTarget {
  const { endpoint, ...settings } = endpointSettings(env, service, endpointVariable);
  return { ...settings, region: regionFor(env, endpoint), ...(endpoint ? { endpoint } : {}), credentials: credentialSource(env) };
}

function awsEndpoint(env: Environment, endpointVariable: string): { region: string | undefined; endpoint?: string } {
  const endpoint = env[endpointVariable]?.trim() || undefined;
  return { region: regionFor(env, endpoint), ...(endpoint ? { endpoint } : {}) };
}

const regionFor = (env: Environment, endpoint: string | undefined): string | undefined =>
  env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || (endpoint ? LOCAL_DEFAULT_REGION : undefined);
