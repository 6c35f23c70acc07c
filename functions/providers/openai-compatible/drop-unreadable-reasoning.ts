/**
 * Reasoning items a Responses provider cannot read, taken out of a request's `input` before it is
 * sent natively, each kind said once in the request's notes:
 * - another provider's signed reasoning in the gateway's envelope: only its issuer could verify it;
 * - an item without `encrypted_content`: it names a stored item by id, and with `store: false`
 *   the provider keeps none, so it would refuse the whole request ("Items are not persisted when
 *   `store` is set to false").
 * Everything else stays as sent; an input with none of them is the same value.
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import { isEnvelope } from '../../ingress/openai-responses/reasoning-envelope.ts';

type Unreadable = 'foreign' | 'unencrypted';

function unreadable(item: unknown): Unreadable | undefined {
  if (!isJsonObject(item) || item['type'] !== 'reasoning') return undefined;
  const encrypted = item['encrypted_content'];
  if (typeof encrypted === 'string' && isEnvelope(encrypted)) return 'foreign';
  return typeof encrypted === 'string' && encrypted !== '' ? undefined : 'unencrypted';
}

export function dropUnreadableReasoning(input: unknown, provider: string): { input: unknown; notes: string[] } {
  if (!Array.isArray(input)) return { input, notes: [] };
  const dropped = new Set<Unreadable>();
  const kept = input.filter((item: unknown) => {
    const reason = unreadable(item);
    if (reason) dropped.add(reason);
    return reason === undefined;
  });
  if (dropped.size === 0) return { input, notes: [] };
  const notes: string[] = [];
  if (dropped.has('foreign')) notes.push(leftOutNote({ kind: 'block', name: 'reasoning', target: provider, why: "cannot verify another provider's signed reasoning" }));
  if (dropped.has('unencrypted')) notes.push(leftOutNote({ kind: 'block', name: 'reasoning', target: provider, why: 'keeps no items with store false: reasoning needs encrypted_content' }));
  return { input: kept, notes };
}
