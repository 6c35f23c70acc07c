import type { ProviderOptions } from '../../core/provider-options.ts';
import type { AnthropicMessagesRequest } from './anthropic-api-types.ts';

/**
 * The body with what the caller said for Anthropic alone (`providerOptions.anthropic`): container,
 * mcp_servers, context_management and any other field, as sent, and its metadata beside the user
 * id. A field the translation set wins over an option of the same name, since it is what the call
 * says; `betas` are headers (anthropic-headers.ts), not a field.
 */
export function withAnthropicOptions(body: AnthropicMessagesRequest, options: ProviderOptions['anthropic']): object {
  if (options === undefined) return body;
  const { betas, metadata, ...fields } = options;
  const merged = metadata === undefined ? body.metadata : { ...metadata, ...body.metadata };
  return { ...fields, ...body, ...(merged !== undefined && { metadata: merged }) };
}
