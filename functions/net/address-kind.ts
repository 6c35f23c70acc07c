/**
 * Which IP addresses are not on the public internet, after the IANA special-purpose registries
 * (RFC 6890 and successors): what an outbound call a caller chose (a job's callback_url) must
 * never reach. Node's BlockList does the matching; text in any notation a URL accepts
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`, `[::ffff:127.0.0.1]`) reaches it normalised
 * by WHATWG URL parsing (see hostKind), and resolved addresses come from the resolver as text.
 */
import { BlockList, isIP } from 'node:net';

export type NonPublicKind = 'unspecified' | 'loopback' | 'private' | 'shared' | 'link-local' | 'multicast' | 'documentation' | 'reserved';

/** The kind as a phrase of a sentence: `a loopback address`, `an unspecified address`. */
export const kindPhrase = (kind: NonPublicKind): string => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address`;

type Range = readonly [network: string, prefix: number, kind: NonPublicKind];

const IPV4: readonly Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  // Carrier-grade NAT: the provider's network, not the internet.
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  // Includes 169.254.169.254, the cloud metadata service.
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  // The 6to4 relay anycast, deprecated (RFC 7526).
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  // Benchmarking.
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  // Includes 255.255.255.255, the broadcast address.
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6 prefixes whose next 32 bits are an IPv4 address that decides where a connection goes. */
const IPV4_EMBEDDINGS: ReadonlyArray<readonly [prefix: string, bits: number, embed: (v4: string) => string]> = [
  // IPv4-mapped: a socket to ::ffff:a.b.c.d is a socket to a.b.c.d.
  ['::ffff:0:0', 96, (v4) => `::ffff:${v4}`],
  // NAT64's well-known prefix: the translator connects to the v4 address.
  ['64:ff9b::', 96, (v4) => `64:ff9b::${v4}`],
  // 6to4: 2002:AABB:CCDD::/48 is routed to the v4 address AA.BB.CC.DD.
  ['2002::', 16, (v4) => `2002:${v4Hex(v4)}::`],
];

const IPV6: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  // Unique local addresses.
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  // Site-local, deprecated (RFC 3879).
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  // IETF protocol assignments: Teredo, benchmarking, ORCHID and the like; none is a web server.
  ['2001::', 23, 'reserved'],
  // Each embedding of a non-public v4 range is as non-public as the range.
  ...IPV4_EMBEDDINGS.flatMap(([, bits, embed]) =>
    IPV4.map(([network, prefix, kind]): Range => [embed(network), bits + prefix, kind]),
  ),
];

/** Global unicast: every other IPv6 address (IPv4-compatible ::/96, local-use NAT64, discard-only 100::/64...) is reserved. */
const GLOBAL_UNICAST = blockList([['2000::', 3]], 'ipv6');
const EMBEDDINGS = blockList(IPV4_EMBEDDINGS.map(([prefix, bits]) => [prefix, bits]), 'ipv6');
const V4_KINDS = byKind(IPV4, 'ipv4');
const V6_KINDS = byKind(IPV6, 'ipv6');

/**
 * Why `address` (an IP address as text) is not a public one, or undefined when it is; a string
 * that is no IP address is undefined too (hostKind takes hostnames).
 */
export function addressKind(address: string): NonPublicKind | undefined {
  const family = isIP(address);
  if (family === 4) return kindIn(V4_KINDS, address, 'ipv4');
  if (family !== 6) return undefined;
  const kind = kindIn(V6_KINDS, address, 'ipv6');
  if (kind) return kind;
  if (EMBEDDINGS.check(address, 'ipv6')) return undefined;
  return GLOBAL_UNICAST.check(address, 'ipv6') ? undefined : 'reserved';
}

/**
 * The kind of a URL's host (`new URL(...).hostname`, in which every IPv4 notation is already
 * dotted decimal and IPv6 is bracketed) when it is a non-public address or a name that is
 * loopback by definition (`localhost`, `*.localhost`, RFC 6761); undefined for a public address
 * and for any other name, which only resolving it (at connect time) can judge.
 */
export function hostKind(hostname: string): NonPublicKind | undefined {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(host)) return addressKind(host);
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') ? 'loopback' : undefined;
}

function kindIn(kinds: ReadonlyMap<NonPublicKind, BlockList>, address: string, type: 'ipv4' | 'ipv6'): NonPublicKind | undefined {
  for (const [kind, list] of kinds) if (list.check(address, type)) return kind;
  return undefined;
}

function byKind(ranges: readonly Range[], type: 'ipv4' | 'ipv6'): ReadonlyMap<NonPublicKind, BlockList> {
  const kinds = new Map<NonPublicKind, BlockList>();
  for (const [network, prefix, kind] of ranges) {
    const list = kinds.get(kind) ?? new BlockList();
    list.addSubnet(network, prefix, type);
    kinds.set(kind, list);
  }
  return kinds;
}

function blockList(subnets: ReadonlyArray<readonly [string, number]>, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, type);
  return list;
}

/** `a.b.c.d` as the two IPv6 groups that carry it (for the table above, whose addresses are well formed). */
function v4Hex(v4: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}
