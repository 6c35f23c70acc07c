/**
 * Where every AWS client of the application goes and as whom: the region and, when the variable
 * names one, a custom endpoint (the embedded DynamoDB/SQS/S3 endpoints of `npm start`, or any
 * API-compatible service). With the endpoint variable unset, the real AWS endpoint of the region.
 * Credentials: the environment's keys (in Lambda, the function's role), else the default chain.
 */
import type { Environment } from '../config/load-config.ts';
import { credentialSource, environmentCredentials, type AwsCredentials, type CredentialSource } from './aws-credentials.ts';

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

/** For the JSON-protocol client (aws-json-client.ts). */
export interface AwsTarget {
  region: string | undefined;
  endpoint?: string;
  credentials: CredentialSource;
}

export function awsTarget(env: Environment, endpointVariable: string): AwsTarget {
  return { ...awsEndpoint(env, endpointVariable), credentials: credentialSource(env) };
}

function awsEndpoint(env: Environment, endpointVariable: string): { region: string | undefined; endpoint?: string } {
  const endpoint = env[endpointVariable]?.trim() || undefined;
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || (endpoint ? LOCAL_DEFAULT_REGION : undefined);
  return { region, ...(endpoint ? { endpoint } : {}) };
}
