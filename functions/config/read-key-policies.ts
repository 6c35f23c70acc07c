/**
 * Which models each gateway key may use, from `SWITCHYARD_API_KEY_POLICIES`: a JSON list of
 * `{"key_sha256": "<hex digest of the key>", "models": ["openai/*", "anthropic/claude-haiku-4-5"]}`.
 * Keys are named by their SHA-256 digest, so the policy can sit in plain configuration without
 * revealing a key. Patterns match targets (`provider/model`, `*` matching anything); a key
 * without a policy may use every model. A pattern without `*` names its target: a target outside
 * the catalog (a fine-tuned model) is shown in GET /v1/health only to keys whose policy names it.
 */
import * as z from 'zod';
import { ConfigError, type Environment } from './read-environment.ts';
import { PARSE_ONCE } from '../validation/parse-once.ts';

export const KEY_POLICIES_VARIABLE = 'SWITCHYARD_API_KEY_POLICIES';

const policiesSchema = z
  .array(
    z.strictObject({
      key_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the lower-case hex SHA-256 digest of the key'),
      models: z.array(z.string().min(1)).min(1),
    }),
  )
  .superRefine((policies, ctx) => {
    const seen = new Set<string>();
    policies.forEach((policy, index) => {
      if (seen.has(policy.key_sha256)) ctx.addIssue({ code: 'custom', path: [index, 'key_sha256'], message: 'names a key another policy already names' });
      seen.add(policy.key_sha256);
    });
  });

/** What one key's policy lets it use. */
export interface KeyPolicy {
  /** Whether the key may use a target (`provider/model`). */
  allows(target: string): boolean;
  /** Whether a pattern without `*` names the target exactly: the policy lists it by name. */
  names(target: string): boolean;
}

/** Key digest (hex) to its policy; a key without one may use every target. */
export type KeyPolicies = ReadonlyMap<string, KeyPolicy>;

export function readKeyPolicies(env: Environment): KeyPolicies {
  const raw = env[KEY_POLICIES_VARIABLE]?.trim();
  if (!raw) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`${KEY_POLICIES_VARIABLE} is not JSON: ${(error as Error).message}`);
  }
  const parsed = policiesSchema.safeParse(json, PARSE_ONCE);
  if (!parsed.success) throw new ConfigError(`${KEY_POLICIES_VARIABLE} is invalid:\n${z.prettifyError(parsed.error)}`);
  return new Map(parsed.data.map((policy) => [policy.key_sha256, policyOf(policy.models)]));
}

function policyOf(patterns: readonly string[]): KeyPolicy {
  const expressions = patterns.map((pattern) => new RegExp(`^${pattern.split('*').map((part) => RegExp.escape(part)).join('.*')}$`));
  const named = new Set(patterns.filter((pattern) => !pattern.includes('*')));
  return { allows: (target) => expressions.some((expression) => expression.test(target)), names: (target) => named.has(target) };
}

