/**
 * Who a call is made for: the gateway key that made it and that key's model policy. It travels
 * with the call from the door it came in by (chat completions, a job's submission, the worker that
 * runs the job later, any front door to come) to the router, which admits the model and plans
 * the targets for it (create-router.ts): the policy is enforced there, in one place, so a new way
 * in needs only to say who is calling.
 */
import type { KeyPolicies, KeyPolicy } from '../config/read-key-policies.ts';

export interface Caller {
  /** The key's hex SHA-256 digest; undefined on an open gateway (no keys). */
  keyDigest: string | undefined;
  /** What the key may use; undefined when it may use every target. */
  policy: KeyPolicy | undefined;
}

export const callerOf = (keyDigest: string | undefined, policies: KeyPolicies): Caller => ({
  keyDigest,
  policy: keyDigest === undefined ? undefined : policies.get(keyDigest),
});

/**
 * Whether the caller's key may use a target: the one check of its policy, applied to every
 * candidate the router plans (filter-candidates.ts) and to the target a job was pinned to when it
 * was planned earlier (plan-job-path.ts).
 */
export const mayUse = (caller: { policy?: Pick<KeyPolicy, 'allows'> | undefined }, targetId: string): boolean => caller.policy?.allows(targetId) ?? true;

/** The one owner of everything stored on a gateway without keys (jobs, stored responses). */
export const OPEN_GATEWAY_OWNER = 'open';

/**
 * Who owns what a caller stores (its jobs, its stored responses): its key's digest, never the key,
 * and on a gateway without keys OPEN_GATEWAY_OWNER. Another owner's is not found, as if absent.
 */
export const ownerOf = (caller: Pick<Caller, 'keyDigest'>): string => caller.keyDigest ?? OPEN_GATEWAY_OWNER;

/** A caller whose key has no policy: every target (an open gateway, the benchmark). */
export const UNRESTRICTED: Caller = { keyDigest: undefined, policy: undefined };
