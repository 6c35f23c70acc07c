/** Which addresses are not public, after the IANA special-purpose registries, in every notation a URL or a resolver gives. */
import { describe, expect, it } from 'vitest';
import { addressKind, hostKind, type NonPublicKind } from '../../functions/net/address-kind.ts';

const NON_PUBLIC: ReadonlyArray<readonly [string, NonPublicKind]> = [
  ['0.0.0.0', 'unspecified'],
  ['0.255.255.255', 'unspecified'],
  ['10.0.0.0', 'private'],
  ['10.255.255.255', 'private'],
  ['100.64.0.0', 'shared'],
  ['100.127.255.255', 'shared'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['192.88.99.1', 'reserved'],
  ['192.168.1.1', 'private'],
  ['198.18.0.1', 'reserved'],
  ['198.19.255.255', 'reserved'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['FEBF::1', 'link-local'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  // Teredo and the other IETF protocol assignments.
  ['2001:0:4136:e378::1', 'reserved'],
  // IPv4-mapped, in both notations: the embedded address decides.
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:0.0.0.0', 'unspecified'],
  // NAT64 and 6to4 embedding a non-public IPv4 address.
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'link-local'],
  ['64:ff9b::c0a8:101', 'private'],
  ['2002:7f00:1::1', 'loopback'],
  ['2002:a00:1::', 'private'],
  ['2002:a9fe:a9fe::', 'link-local'],
  // Outside global unicast: IPv4-compatible (deprecated), local-use NAT64, discard-only.
  ['::127.0.0.1', 'reserved'],
  ['::8.8.8.8', 'reserved'],
  ['64:ff9b:1::a00:1', 'reserved'],
  ['100::1', 'reserved'],
  ['4000::1', 'reserved'],
];

const PUBLIC = [
  '1.1.1.1',
  '8.8.8.8',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '126.255.255.255',
  '128.0.0.0',
  '169.253.255.255',
  '172.15.255.255',
  '172.32.0.0',
  '192.0.1.255',
  '192.167.255.255',
  '192.169.0.0',
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2a00:1450:4001::200e',
  '2001:200::1',
  '::ffff:8.8.8.8',
  '::ffff:808:808',
  '64:ff9b::8.8.8.8',
  '2002:808:808::1',
];

describe('addressKind', () => {
  it.each(NON_PUBLIC)('refuses %s as %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each(PUBLIC)('takes %s as public', (address) => {
    expect(addressKind(address)).toBeUndefined();
  });

  it('judges no name, only addresses', () => {
    expect(addressKind('localhost')).toBeUndefined();
    expect(addressKind('example.com')).toBeUndefined();
  });
});

describe('hostKind, on hosts as URL parsing leaves them', () => {
  it.each([
    ['https://127.0.0.1/', 'loopback'],
    ['https://2130706433/', 'loopback'],
    ['https://0x7f000001/', 'loopback'],
    ['https://0x7f.1/', 'loopback'],
    ['https://0177.0.0.1/', 'loopback'],
    ['https://127.1/', 'loopback'],
    ['https://127.0.1/', 'loopback'],
    ['https://127.0.0.1./', 'loopback'],
    ['https://%31%32%37.0.0.1/', 'loopback'],
    ['https://[::1]/', 'loopback'],
    ['https://[::ffff:127.0.0.1]/', 'loopback'],
    ['https://[0:0:0:0:0:ffff:7f00:1]/', 'loopback'],
    ['https://localhost/', 'loopback'],
    ['https://localhost./', 'loopback'],
    ['https://LOCALHOST/', 'loopback'],
    ['https://api.localhost/', 'loopback'],
    ['https://169.254.169.254/', 'link-local'],
    ['https://2852039166/', 'link-local'],
    ['https://0251.0376.0251.0376/', 'link-local'],
    ['https://10.0.0.1/', 'private'],
    ['https://0xa.0.0.1/', 'private'],
    ['https://0/', 'unspecified'],
    ['https://[::]/', 'unspecified'],
    ['https://4294967295/', 'reserved'],
    ['https://[fe80::1]/', 'link-local'],
    ['https://[64:ff9b::10.0.0.1]/', 'private'],
  ] as const)('%s is %s', (url, kind) => {
    expect(hostKind(new URL(url).hostname)).toBe(kind);
  });

  it.each(['https://example.com/', 'https://8.8.8.8/', 'https://[2606:4700::1111]/', 'https://localhost.example.com/', 'https://127.0.0.1.nip.io/'])(
    '%s is no refused host (a name is judged by its addresses when connecting)',
    (url) => {
      expect(hostKind(new URL(url).hostname)).toBeUndefined();
    },
  );
});
