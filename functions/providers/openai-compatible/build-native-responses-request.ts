/**
 * Native mode for the Responses door: a call that came in as a Responses request goes to a provider
 * that serves the Responses API itself as the client wrote it (unknown fields, server tools and
 * all). Only what the gateway decides is changed: the model (the target's name for it), streaming
 * (as the gateway reads the answer), `max_output_tokens` above the model's limit, `store`, the
 * gateway's overrides, and reasoning items the provider cannot read (drop-unreadable-reasoning.ts).
 */
import type { Call } from '../../core/call.ts';
import { clampMaxTokens } from '../clamp-max-tokens.ts';
import type { BuildContext, UpstreamRequest } from '../provider-adapter.ts';
import type { ResponsesApi } from '../provider-registry.ts';
import { dropUnreadableReasoning } from './drop-unreadable-reasoning.ts';
import { withIncluded } from './with-included.ts';
import { withResponsesOverrides } from './with-responses-overrides.ts';

export function buildNativeResponsesRequest(call: Call, context: BuildContext, provider: string, api: ResponsesApi): UpstreamRequest {
  const sent = call.origin.body;
  const { input, notes } = dropUnreadableReasoning(sent['input'], provider);
  // A copy: the origin body is never changed, since another attempt may send it elsewhere. Nothing
  // is stored upstream: the gateway keeps the conversation itself (the door expands
  // previous_response_id into input), whichever provider served its earlier turns.
  const body: Record<string, unknown> = { ...sent, model: context.model, store: false, ...(input !== sent['input'] && { input }) };
  if (context.stream) body.stream = true;
  else {
    if ('stream' in sent) body.stream = false;
    delete body.stream_options;
  }
  if (typeof sent['max_output_tokens'] === 'number') body.max_output_tokens = clampMaxTokens(sent['max_output_tokens'], context.maxOutputTokens);
  // Without its encrypted content a reasoning item cannot be sent back when nothing is stored;
  // only reasoning models take the ask (others refuse it: "Encrypted content is not supported").
  const withReasoning = context.reasons ? withIncluded(body, 'reasoning.encrypted_content') : body;
  return {
    url: `${context.baseUrl}/responses`,
    headers: { ...call.origin.forwardHeaders, authorization: `Bearer ${context.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(withResponsesOverrides(withReasoning, call.overrides, api)),
    ...(notes.length > 0 && { notes }),
  };
}
