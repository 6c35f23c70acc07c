/**
 * Provider and gateway keys from the deployment's Secrets Manager secret: a JSON object whose keys
 * are the environment variables the gateway reads (`OPENAI_API_KEY`, ..., `SWITCHYARD_API_KEYS`).
 * Read once per cold start when `SWITCHYARD_SECRET_ARN` is set (in Lambda), merged over the
 * process environment; locally, with the variable unset, the environment is used as it is.
 * Values never appear in an error or a log line, only the names of bad entries.
 */
import { awsTarget, type AwsTarget } from '../aws/aws-client-config.ts';
import { createAwsJsonClient } from '../aws/aws-json-client.ts';
import { SECRET_ARN_VARIABLE } from '../infrastructure/resource-definitions.ts';
import { ConfigError, type Environment } from './load-config.ts';

/** The one call the loader makes, so a test can give its own. */
export interface SecretReader {
  getSecretString(secretId: string): Promise<string | undefined>;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The secret's variables, or a ConfigError naming what is wrong (never echoing the text). */
export function parseSecretEnvironment(secretString: string | undefined, source: string): Record<string, string> {
  if (secretString === undefined) throw new ConfigError(`The secret ${source} has no string value: store a JSON object of variables.`);
  let data: unknown;
  try {
    data = JSON.parse(secretString);
  } catch {
    // JSON.parse's message quotes the text, which is a credential: say only where the problem is.
    throw new ConfigError(`The secret ${source} is not valid JSON: store a JSON object of variables, such as {"OPENAI_API_KEY": "sk-..."}.`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`The secret ${source} must be a JSON object of variables, got ${Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data}.`);
  }
  const entries = Object.entries(data);
  const badNames = entries.filter(([name]) => !VARIABLE_NAME.test(name)).map(([name]) => JSON.stringify(name));
  if (badNames.length > 0) throw new ConfigError(`The secret ${source} has keys that are not variable names: ${badNames.join(', ')}.`);
  const notStrings = entries.filter(([, value]) => typeof value !== 'string').map(([name]) => name);
  if (notStrings.length > 0) throw new ConfigError(`In the secret ${source}, these values must be strings: ${notStrings.join(', ')}.`);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The secret's variables over the environment's: the secret wins, so keys live in one place. */
export const mergeSecretEnvironment = (env: Environment, secret: Readonly<Record<string, string>>): Environment => ({ ...env, ...secret });

/**
 * The environment with the secret's variables merged in, or `env` itself when no secret is
 * configured.
 */
export async function loadSecretEnvironment(env: Environment, reader?: SecretReader): Promise<Environment> {
  const secretId = env[SECRET_ARN_VARIABLE]?.trim();
  if (!secretId) return env;
  const secretString = await (reader ?? createSecretsManagerReader(awsTarget(env, SECRETS_MANAGER, SECRETS_MANAGER_ENDPOINT_VARIABLE))).getSecretString(secretId);
  return mergeSecretEnvironment(env, parseSecretEnvironment(secretString, secretId));
}

/** Points the reader at a Secrets Manager-compatible endpoint; unset, Secrets Manager in `AWS_REGION`. */
export const SECRETS_MANAGER_ENDPOINT_VARIABLE = 'SECRETS_MANAGER_ENDPOINT';

const SECRETS_MANAGER = { name: 'secretsmanager', serviceId: 'Secrets Manager', targetPrefix: 'secretsmanager', jsonVersion: '1.1' } as const;

/** GetSecretValue over Secrets Manager's JSON protocol: one call per cold start, no SDK client to load for it. */
export function createSecretsManagerReader(target: AwsTarget): SecretReader {
  const client = createAwsJsonClient({ service: SECRETS_MANAGER, ...target });
  return {
    getSecretString: async (secretId) => (await client.call<{ SecretString?: string }>('GetSecretValue', { SecretId: secretId })).SecretString,
  };
}
