/** The name error messages use, so a client can tell Anthropic's failures from the gateway's. */
export const ANTHROPIC_PROVIDER = 'anthropic';

/** The API version every request pins; the wire types in this folder follow it. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic requires `max_tokens`; used when neither the client nor the catalog gives one. */
export const DEFAULT_MAX_TOKENS = 4096;

/** Where Messages requests go, under the provider's base URL. */
export const ANTHROPIC_MESSAGES_PATH = '/v1/messages';
