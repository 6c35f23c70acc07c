/**
 * A new instance opens a connection to each configured provider while it starts, so that its first
 * call to one does not wait for the TCP and TLS handshakes (net/warm-connections.ts). One per
 * origin: providers that share a host share it. Nothing is sent on them until a request is. A base
 * URL that is no URL gets none: its requests fail as they would have, and the start goes on.
 */
import type { GatewayConfig } from '../config/load-config.ts';
import { preconnect as openInDefaultPools } from '../net/send-request.ts';

/** Opens them and returns their origins. */
export function preconnectProviders(providers: GatewayConfig['providers'], preconnect: (url: string) => void = openInDefaultPools): string[] {
  const configured = [...providers.values()].filter((provider) => provider.configured && URL.canParse(provider.baseUrl));
  const origins = [...new Set(configured.map((provider) => new URL(provider.baseUrl).origin))];
  for (const origin of origins) preconnect(origin);
  return origins;
}
