/**
 * The credentials every signed AWS call of the application uses. In Lambda the function's role is
 * in the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), and so
 * are `npm start`'s placeholder keys: those are used as they are. Without them (a laptop with a
 * profile or an SSO session), the SDK's default chain, which caches what it fetched and refreshes
 * it near expiry. The chain is a side module (lib/bundling.ts), so no cold start that has keys
 * loads it.
 */
import type { Environment } from '../config/load-config.ts';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Resolves the credentials to sign the next call with (the chain's cached ones, or the environment's). */
export type CredentialSource = () => Promise<AwsCredentials>;

/** The keys the environment names, if it names both parts. */
export function environmentCredentials(env: Environment): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

let chain: CredentialSource | undefined;

/** AWS's default credential chain, made once per process and loaded on first use. */
export const defaultCredentialChain: CredentialSource = async () => {
  if (!chain) {
    const { defaultProvider } = await import('#aws-credential-chain');
    chain ??= defaultProvider();
  }
  return chain();
};

export function credentialSource(env: Environment): CredentialSource {
  const fromEnvironment = environmentCredentials(env);
  return fromEnvironment ? async () => fromEnvironment : defaultCredentialChain;
}
