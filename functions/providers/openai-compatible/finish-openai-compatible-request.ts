/**
 * The last step for either kind of Chat Completions body, the client's own or one encoded from a
 * call: the provider's model name, the stream flags, an output limit no higher than the model's,
 * and the few known departures from OpenAI's
 * format (see provider-registry.ts). Usage is always requested, so every stream reports what it
 * cost even when the client did not ask to see it.
 */
import type { BuildContext, UpstreamRequest } from '../provider-adapter.ts';
import type { OpenAICompatibleQuirks } from '../provider-registry.ts';
import { clampMaxTokens } from '../clamp-max-tokens.ts';

/** `body` holds no `stream` or `stream_options`: `streamOptions` are the client's own, kept beside `include_usage`. */
export function finishOpenAICompatibleRequest(
  body: Readonly<Record<string, unknown>>,
  context: BuildContext,
  quirks: OpenAICompatibleQuirks,
  streamOptions?: Readonly<Record<string, unknown>> | null,
): UpstreamRequest {
  const upstream: Record<string, unknown> = { ...body, model: context.model };
  // The client's own body too: a limit above the model's would be the provider's 400, which does not fail over.
  for (const limit of ['max_completion_tokens', 'max_tokens']) {
    const asked = upstream[limit];
    if (typeof asked === 'number') upstream[limit] = clampMaxTokens(asked, context.maxOutputTokens);
  }

  if (context.stream) {
    upstream.stream = true;
    if (quirks.streamOptions) upstream.stream_options = { ...streamOptions, include_usage: true };
  }
  if (quirks.maxTokensParam === 'max_tokens' && upstream.max_completion_tokens != null) {
    upstream.max_tokens = upstream.max_completion_tokens;
    delete upstream.max_completion_tokens;
  }
  for (const [from, to] of Object.entries(quirks.renamedParams ?? {})) {
    if (from in upstream) {
      upstream[to] = upstream[from];
      delete upstream[from];
    }
  }
  if (quirks.requiredToolChoice && upstream.tool_choice === 'required') upstream.tool_choice = quirks.requiredToolChoice;

  return {
    url: `${context.baseUrl}/chat/completions`,
    headers: { authorization: `Bearer ${context.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(upstream),
  };
}
