/**
 * One model call, in no front door's terms. A door's decode builds it (ingress/<dialect>/decode.ts);
 * the router's profile and the provider families read it. Each door then costs one decoder rather
 * than one translator per provider family.
 */
import type { RoutingPreferences } from '../routing/routing-preferences.ts';
import type { CacheHints } from './cache.ts';
import type { OutputSpec, Sampling } from './output.ts';
import type { AssistantPart, TextPart, ToolResultPart, UserPart } from './parts.ts';
import type { ProviderOptions } from './provider-options.ts';
import type { ReasoningRequest } from './reasoning.ts';
import type { Tool, ToolChoice } from './tools.ts';

/** The API shapes a call can arrive in (front doors) and a target can speak natively. */
export type Dialect = 'openai-chat' | 'anthropic-messages' | 'openai-responses';

export interface Call {
  /** What the caller named: `provider/model`, an alias, an equivalents name, `switchyard/<group>`. */
  model: string;
  /** The conversation in the caller's own turn structure: system messages in place, tool results as their own turns. */
  messages: CallMessage[];
  tools: Tool[];
  toolChoice?: ToolChoice;
  /** false: at most one tool call per turn (OpenAI parallel_tool_calls:false, Anthropic disable_parallel_tool_use). */
  parallelToolCalls?: boolean;
  output: OutputSpec;
  sampling: Sampling;
  reasoning?: ReasoningRequest;
  cache: CacheHints;
  stream: boolean;
  /** The end user, for the provider's abuse tracking (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  /** Provider capacity tier: OpenAI's and Gemini's `service_tier`. The worker sets `flex`. */
  serviceTier?: ServiceTier;
  /** The caller's routing requirements (x-switchyard-* headers and the body's `switchyard` field). */
  preferences: RoutingPreferences;
  /** Per-family options the neutral model has no word for. A family reads its own key and nothing else. */
  providerOptions: ProviderOptions;
  /** Where the call came from, kept whole for a target that speaks the same dialect (native mode). */
  origin: CallOrigin;
  /** What the gateway itself changed after decode (the cascade, flex): applied to native bodies too. */
  overrides: GatewayOverrides;
}

export const SERVICE_TIERS = ['auto', 'default', 'flex', 'priority'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

/**
 * System messages stay where the caller put them (OpenAI-compatible targets keep their position and
 * the `developer` role; the families that need them up front hoist them), and tool results are
 * their own turn, as OpenAI has them.
 */
export type CallMessage =
  | { role: 'system'; variant: 'system' | 'developer'; content: TextPart[]; name?: string }
  | { role: 'user'; content: UserPart[]; name?: string }
  | { role: 'assistant'; content: AssistantPart[]; name?: string }
  | { role: 'tool'; content: ToolResultPart[] };

export interface CallOrigin {
  dialect: Dialect;
  /** The body as the door validated it, minus gateway-only fields (`switchyard`). Never mutated. */
  body: Readonly<Record<string, unknown>>;
  /** Headers a same-dialect target receives (Anthropic: anthropic-version, anthropic-beta). */
  forwardHeaders: Readonly<Record<string, string>>;
}

/** Kept apart from the decoded fields so a native body, sent as the caller wrote it, still gets them. */
export interface GatewayOverrides {
  /** The cascade asks the cheap target for token log-probabilities the caller did not ask for. */
  logprobs?: true;
  serviceTier?: 'flex';
}
