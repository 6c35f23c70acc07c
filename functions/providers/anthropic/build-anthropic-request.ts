import type { Call } from '../../core/call.ts';
import type { BuildContext, UpstreamRequest } from '../provider-adapter.ts';
import { ANTHROPIC_MESSAGES_PATH } from './anthropic-constants.ts';
import { anthropicHeaders } from './anthropic-headers.ts';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.ts';
import { withAnthropicOptions } from './with-anthropic-options.ts';

/** A call from another dialect, translated into a Messages request. */
export function buildAnthropicRequest(call: Call, context: BuildContext): UpstreamRequest {
  const notes: string[] = [];
  const options = call.providerOptions.anthropic;
  const body = withAnthropicOptions(convertToAnthropicRequest(call, context, notes), options);
  return {
    url: `${context.baseUrl}${ANTHROPIC_MESSAGES_PATH}`,
    headers: anthropicHeaders(context.apiKey, call.origin.forwardHeaders, options?.betas),
    body: JSON.stringify(body),
    ...(notes.length > 0 && { notes }),
  };
}
