import { ANTHROPIC_VERSION } from './anthropic-constants.ts';

/** A header the caller's door kept for a same-dialect target (CallOrigin.forwardHeaders), whatever its case. */
const forwarded = (headers: Readonly<Record<string, string>>, name: string): string | undefined =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * A Messages request's headers: the key; the API version the caller sent, else the one the gateway
 * pins; and the betas it asked for, in its forwarded `anthropic-beta` and in `betas`, each once.
 */
export function anthropicHeaders(apiKey: string, forwardHeaders: Readonly<Record<string, string>>, betas: readonly string[] = []): Record<string, string> {
  const headers: Record<string, string> = {
    'x-api-key': apiKey,
    'anthropic-version': forwarded(forwardHeaders, 'anthropic-version') ?? ANTHROPIC_VERSION,
    'content-type': 'application/json',
  };
  const asked = [...(forwarded(forwardHeaders, 'anthropic-beta')?.split(',') ?? []), ...betas].map((beta) => beta.trim()).filter((beta) => beta !== '');
  if (asked.length > 0) headers['anthropic-beta'] = [...new Set(asked)].join(',');
  return headers;
}
