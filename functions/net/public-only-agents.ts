/**
 * Node's http and https agents that connect only to public addresses (address-kind.ts), for
 * outbound calls to URLs a caller chose. The check is made on the address the socket is opened to,
 * inside the connect: a literal host (which net.connect opens without a lookup) is checked as it
 * is, a name is resolved by the public-only lookup, which checks every address it answers before
 * the socket may use one. So a name that resolves to a private address, or resolves anew to one
 * later (DNS rebinding), is refused with no gap between the check and the connection.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressKind, kindPhrase, type NonPublicKind } from './address-kind.ts';
import type { Agents } from './send-request.ts';

/** A name's addresses (every one: all are checked). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export interface PublicOnlyOptions {
  /** Loopback addresses too: receivers on this machine, for development and tests only. */
  allowLoopback: boolean;
  /** The resolver; the system's (dns.lookup) by default. */
  resolve?: ResolveHost;
}

/** A connection refused before it was made: the address is not a public one. */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
  readonly code = 'ERR_REFUSED_ADDRESS';
  readonly address: string;
  readonly kind: NonPublicKind;

  constructor(hostname: string, address: string, kind: NonPublicKind) {
    super(`${hostname === address ? address : `${hostname} resolves to ${address}, which`} is ${kindPhrase(kind)}, not a public one`);
    this.address = address;
    this.kind = kind;
  }
}

const systemResolve: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export interface PublicOnlyAgents extends Agents {
  /** Closes their connections, idle and in use. */
  destroy(): void;
}

export function createPublicOnlyAgents(options: PublicOnlyOptions): PublicOnlyAgents {
  // As Node's global agents: connections kept alive, an idle one closed after 5 s.
  const agentOptions = { keepAlive: true, scheduling: 'lifo', timeout: 5_000, lookup: publicOnlyLookup(options) } as const;
  const http = refusingLiterals(new HttpAgent(agentOptions), options);
  const https = refusingLiterals(new HttpsAgent(agentOptions), options);
  return {
    http,
    https,
    destroy() {
      http.destroy();
      https.destroy();
    },
  };
}

/** The agent, a connection to a literal host refused before it is opened when the address is not allowed. */
function refusingLiterals<A extends HttpAgent>(agent: A, options: PublicOnlyOptions): A {
  const connect = agent.createConnection.bind(agent);
  agent.createConnection = (connectOptions, callback) => {
    const host = connectOptions.host ?? '';
    const refused = isIP(host) ? refusal(host, host, options) : undefined;
    if (!refused) return connect(connectOptions, callback);
    // The agent fails the request with the error alone (Node's types want a socket beside it, which it does not read then).
    (callback as ((error: Error) => void) | undefined)?.(refused);
    return undefined;
  };
  return agent;
}

/** A LookupFunction for net.connect that answers only when every address of the name is allowed. */
export function publicOnlyLookup(options: PublicOnlyOptions): LookupFunction {
  const resolve = options.resolve ?? systemResolve;
  return (hostname, lookupOptions, callback) => {
    const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : (lookupOptions.family ?? 0);
    resolve(hostname).then(
      (resolved) => {
        const addresses = family === 0 ? resolved : resolved.filter((address) => address.family === family);
        const refused = addresses.map(({ address }) => refusal(hostname, address, options)).find((error) => error !== undefined);
        const [first] = addresses;
        if (refused) callback(refused, '');
        else if (!first) callback(Object.assign(new Error(`${hostname} has no ${family === 0 ? '' : `IPv${family} `}address`), { code: 'ENOTFOUND' }), '');
        else if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

function refusal(hostname: string, address: string, { allowLoopback }: PublicOnlyOptions): RefusedAddressError | undefined {
  const kind = addressKind(address);
  return kind && !(kind === 'loopback' && allowLoopback) ? new RefusedAddressError(hostname, address, kind) : undefined;
}
