/**
 * A new instance opens a connection to each configured provider while it starts, so that its first
 * call to one does not wait for the TCP and TLS handshakes (net/warm-connections.ts). One per
 * origin: providers that share a host share it. Nothing is sent on them until a request is.
 */
import type { GatewayConfig } from '../config/load-config.ts';
import { preconnect as openInDefaultPools } from '../net/send-request.ts';

/** Opens them and returns their origins. */
export function preconnectProviders(providers: GatewayConfig['providers'], preconnect: (url: string) => void = openInDefaultPools): string[] {
  const origins = [...new Set([...providers.values()].filter((provider) => provider.configured).map((provider) => new URL(provider.baseUrl).origin))];
  for (const origin of origins) preconnect(origin);
  return origins;
}
