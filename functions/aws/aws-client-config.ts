/**
 * What every AWS SDK client of the application shares: the region and, when the variable names
 * one, a custom endpoint (the embedded DynamoDB/SQS endpoints of `npm start`, or any
 * API-compatible service). With the endpoint variable unset the SDK's defaults apply: the real
 * AWS endpoint of the region and the default credential chain (in Lambda, the function's role).
 */
import type { Environment } from '../config/load-config.ts';

/** Region used when a custom endpoint is set and no region is: local endpoints accept any. */
export const LOCAL_DEFAULT_REGION = 'us-east-1';

export interface AwsClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export function awsClientConfig(env: Environment, endpointVariable: string): AwsClientConfig {
  const endpoint = env[endpointVariable]?.trim() || undefined;
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || (endpoint ? LOCAL_DEFAULT_REGION : undefined);
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...credentialsFrom(env),
  };
}

/**
 * Keys in the given environment are used as they are (what the SDK's own environment provider
 * would do with process.env, but from the environment the caller passed); without them, the
 * SDK's default chain (profiles, SSO, the Lambda role).
 */
function credentialsFrom(env: Environment): Pick<AwsClientConfig, 'credentials'> {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) return {};
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  return { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } };
}
