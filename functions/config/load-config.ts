/**
 * The gateway's configuration, read once from the environment. Provider variables use the names
 * and meanings of the providers' own SDKs, so an existing `.env` works unchanged.
 */
import { loadCatalog } from '../catalog/load-catalog.ts';
import type { Catalog } from '../catalog/catalog-schema.ts';
import { familyOf } from '../providers/provider-families.ts';
import { PROVIDERS, type ProviderDefinition } from '../providers/provider-registry.ts';
import { readKeyPolicies, type KeyPolicies } from './read-key-policies.ts';
import { ConfigError, readList, readPositiveInt, type Environment } from './read-environment.ts';

export { ConfigError, type Environment } from './read-environment.ts';


export interface ProviderConfig {
  definition: ProviderDefinition;
  /** Whether the gateway may call it: a key is set, or (Bedrock) the team opted in with a region. */
  configured: boolean;
  /** The provider's secret key, if any; redacted from everything the gateway sends out. */
  apiKey: string | undefined;
  /** What to set to configure it, for error messages. */
  apiKeyVariable: string;
  baseUrl: string;
  /** The AWS region requests are sent to and signed for (Bedrock only). */
  region?: string;
}

export interface GatewayConfig {
  /** The bearer keys clients must present, or `open` in development and test only. */
  gatewayKeys: readonly string[] | 'open';
  providers: ReadonlyMap<string, ProviderConfig>;
  catalog: Catalog;
  /** How long to wait for an upstream's response headers. */
  upstreamTimeoutMs: number;
  /** How long an upstream stream may stay silent before it counts as dead. */
  streamIdleTimeoutMs: number;
  /** The largest request body accepted (a Function URL's own limit is 6 MB). */
  maxRequestBytes: number;
  /** Which models each key may use, by key digest; keys without a policy may use all. */
  keyPolicies: KeyPolicies;
  /**
   * Targets outside the catalog (`provider/model` names clients choose) one instance keeps health
   * and breaker state for, the most recently used: what bounds that state whatever names are sent.
   */
  maxFreeFormTargets: number;
  resilience: ResilienceSettings;
  /**
   * What a translation that must leave something out does (a server tool the target cannot run):
   * `note` sends the rest and says so in x-switchyard-route; `refuse` makes it a 400 for that
   * target, so the route moves on to one that can take it whole, or answers the 400.
   */
  leftOut: LeftOutPolicy;
}

export const LEFT_OUT_POLICIES = ['note', 'refuse'] as const;
export type LeftOutPolicy = (typeof LEFT_OUT_POLICIES)[number];

/** Retries and breakers (the rest of the routing settings are in the catalog). */
export interface ResilienceSettings {
  /** Attempts at one target before failing over to the next, the first included. */
  attemptsPerTarget: number;
  /** Consecutive failures one instance sees before it opens a target's breaker. */
  breakerFailures: number;
  /** How long an opened breaker stays open before its first trial. */
  breakerCooldownMs: number;
}


/** The configured providers' keys: what must never leave the gateway (redact-secrets.ts). */
export const providerKeys = (providers: GatewayConfig['providers']): string[] =>
  [...providers.values()].flatMap((provider) => (provider.apiKey ? [provider.apiKey] : []));

const OPEN_ENVIRONMENTS = new Set(['development', 'test']);

export interface LoadConfigOptions {
  /**
   * False for functions that serve no HTTP (the probe, the worker): a missing SWITCHYARD_API_KEYS
   * is then no error, and the keys are an empty list (nobody could authenticate), never `open`.
   */
  requireGatewayKeys?: boolean;
}

export function loadConfig(env: Environment, options: LoadConfigOptions = {}): GatewayConfig {
  return {
    gatewayKeys: options.requireGatewayKeys === false ? readGatewayKeysIfAny(env) : readGatewayKeys(env),
    providers: new Map(PROVIDERS.map((definition) => [definition.id, readProvider(definition, env)])),
    catalog: loadCatalog(env.SWITCHYARD_CATALOG),
    upstreamTimeoutMs: readPositiveInt(env, 'SWITCHYARD_UPSTREAM_TIMEOUT_MS', 120_000),
    streamIdleTimeoutMs: readPositiveInt(env, 'SWITCHYARD_STREAM_IDLE_TIMEOUT_MS', 120_000),
    maxRequestBytes: readPositiveInt(env, 'SWITCHYARD_MAX_REQUEST_BYTES', 6 * 1024 * 1024),
    keyPolicies: readKeyPolicies(env),
    maxFreeFormTargets: readPositiveInt(env, 'SWITCHYARD_MAX_FREE_FORM_TARGETS', 256),
    leftOut: readLeftOut(env),
    resilience: {
      attemptsPerTarget: readPositiveInt(env, 'SWITCHYARD_ATTEMPTS_PER_TARGET', 2),
      breakerFailures: readPositiveInt(env, 'SWITCHYARD_BREAKER_FAILURES', 5),
      breakerCooldownMs: readPositiveInt(env, 'SWITCHYARD_BREAKER_COOLDOWN_MS', 30_000),
    },
  };
}

function readGatewayKeys(env: Environment): readonly string[] | 'open' {
  const keys = readGatewayKeysIfAny(env);
  if (keys.length > 0) return keys;
  if (OPEN_ENVIRONMENTS.has(env.NODE_ENV ?? '')) return 'open';
  throw new ConfigError(
    `SWITCHYARD_API_KEYS is not set. Set it to a comma-separated list of keys clients must send as ` +
      `'Authorization: Bearer <key>'. Only NODE_ENV=development or NODE_ENV=test runs an open gateway ` +
      `(NODE_ENV is ${env.NODE_ENV === undefined ? 'unset' : `'${env.NODE_ENV}'`}).`,
  );
}

function readLeftOut(env: Environment): LeftOutPolicy {
  const value = env.SWITCHYARD_LEFT_OUT?.trim() || 'note';
  const policy = LEFT_OUT_POLICIES.find((known) => known === value);
  if (!policy) throw new ConfigError(`SWITCHYARD_LEFT_OUT must be one of ${LEFT_OUT_POLICIES.join(', ')}, not '${value}'.`);
  return policy;
}

const readGatewayKeysIfAny = (env: Environment): readonly string[] => readList(env, 'SWITCHYARD_API_KEYS');

function readProvider(definition: ProviderDefinition, env: Environment): ProviderConfig {
  const family = familyOf(definition);
  if (family.readConfig) return family.readConfig(definition, env);
  const apiKeyVariable = `${definition.envPrefix}_API_KEY`;
  const apiKey = env[apiKeyVariable]?.trim() || undefined;
  const baseUrl = (env[`${definition.envPrefix}_BASE_URL`]?.trim() || definition.defaultBaseUrl).replace(/\/+$/, '');
  return { definition, configured: apiKey !== undefined, apiKey, apiKeyVariable, baseUrl };
}
