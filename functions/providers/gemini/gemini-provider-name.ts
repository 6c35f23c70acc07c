/** How error messages name the provider, so a client can tell the gateway from what is behind it. */
export const GEMINI_PROVIDER = 'gemini';
