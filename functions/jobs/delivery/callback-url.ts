/**
 * Where a callback may go, as far as its URL tells: https to a host that is not a non-public
 * address (address-kind.ts: loopback, private, link-local, CGNAT, multicast, reserved, in any
 * notation) nor `localhost`. Checked when a job is submitted (a 400) and before each delivery;
 * a hostname's addresses are checked when the delivery connects (public-only-agents.ts).
 * Development and tests (allowsLoopbackCallbacks) may also call back to loopback, over http too.
 */
import { hostKind, kindPhrase } from '../../net/address-kind.ts';

/** Why `url` cannot receive callbacks (a phrase to follow "callback_url: "), or undefined when it can. */
export function callbackUrlProblem(url: string | URL, { allowLoopback }: { allowLoopback: boolean }): string | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return 'not a URL';
  }
  const kind = hostKind(parsed.hostname);
  const loopbackAllowed = allowLoopback && kind === 'loopback';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopbackAllowed)) {
    return `callbacks go over https only${allowLoopback ? ' (or http to loopback: 127.0.0.1, localhost or [::1])' : ''}`;
  }
  if (parsed.username !== '' || parsed.password !== '') return 'the URL must not carry credentials';
  if (kind && !loopbackAllowed) return `${parsed.hostname} is ${kindPhrase(kind)}, not a public one`;
  return undefined;
}
