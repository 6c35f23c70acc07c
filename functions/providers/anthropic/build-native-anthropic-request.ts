/**
 * Native mode: a call that came through Anthropic's own Messages door goes as the client sent it.
 * Only what the gateway decides is changed: the model (the target's name for it), streaming (as
 * the gateway reads the answer), max_tokens above the model's limit, the gateway's overrides, and
 * thinking blocks another model wrote (unsigned, drop-unsigned-thinking.ts). Signed thinking,
 * cache_control, citations, server tools and context management pass through untouched, as do the
 * client's anthropic-version and betas.
 */
import type { Call, GatewayOverrides } from '../../core/call.ts';
import type { BuildContext, UpstreamRequest } from '../provider-adapter.ts';
import { ANTHROPIC_MESSAGES_PATH } from './anthropic-constants.ts';
import { anthropicHeaders } from './anthropic-headers.ts';
import { clampMaxTokens } from '../clamp-max-tokens.ts';
import { dropUnsignedThinking } from './drop-unsigned-thinking.ts';

export function buildNativeAnthropicRequest(call: Call, context: BuildContext): UpstreamRequest {
  const sent = call.origin.body;
  // A copy: the origin body is never changed, since another attempt may send it elsewhere.
  const body: Record<string, unknown> = { ...sent, model: context.model, messages: dropUnsignedThinking(sent['messages']) };
  if (context.stream) body.stream = true;
  else if ('stream' in sent) body.stream = false;
  if (typeof sent.max_tokens === 'number') body.max_tokens = clampMaxTokens(sent.max_tokens, context.maxOutputTokens);
  applyOverrides(call.overrides);
  return {
    url: `${context.baseUrl}${ANTHROPIC_MESSAGES_PATH}`,
    headers: anthropicHeaders(context.apiKey, call.origin.forwardHeaders),
    body: JSON.stringify(body),
  };
}

/**
 * What each of the gateway's overrides does to an Anthropic body: nothing yet, said one by one so
 * that a new override does not compile here until it is decided for Anthropic.
 */
function applyOverrides(overrides: GatewayOverrides): void {
  for (const key of Object.keys(overrides) as Array<keyof GatewayOverrides>) {
    switch (key) {
      case 'logprobs': // Anthropic returns no token log-probabilities.
      case 'serviceTier': // Anthropic has no flex tier.
        break;
      default:
        key satisfies never;
    }
  }
}
