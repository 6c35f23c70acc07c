/**
 * A request's input as the whole conversation it continues: the stored conversation of its
 * `previous_response_id` first, then its own items, each `item_reference` replaced by the stored
 * item it names. The result is what every target is sent, OpenAI included (which keeps no state for
 * the gateway's calls), so `previous_response_id` goes, and the turn's own items are kept apart for
 * storing. Instructions are not carried over, as OpenAI does not carry them.
 */
import { CallError } from '../../core/call-error.ts';
import { isJsonObject } from '../../core/is-json-object.ts';
import { newId, type IdPrefix } from './response-ids.ts';

export type Item = Readonly<Record<string, unknown>>;

export interface ExpandedInput {
  /** The body to decode and send: the conversation in front of the input, `previous_response_id` gone. */
  body: Readonly<Record<string, unknown>>;
  /** This request's own input items, references resolved, each with an id (what input_items lists). */
  items: Item[];
}

/** `sent` is the body as the client sent it (without the gateway's field); `conversation` the previous response's, when it has one. */
export function expandInput(sent: Readonly<Record<string, unknown>>, conversation: readonly Item[] | undefined): ExpandedInput {
  const input = sent['input'];
  const own: Item[] = typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : Array.isArray(input) ? input.filter(isJsonObject) : [];
  const references = own.some(isReference);
  const items = own.map((item, index) => (isReference(item) ? resolve(item, index, conversation ?? []) : item));
  if (conversation === undefined && !references) return { body: sent, items: items.map(withId) };
  const { previous_response_id: _continued, ...rest } = sent;
  return { body: { ...rest, input: [...(conversation ?? []), ...items] }, items: items.map(withId) };
}

const isReference = (item: Item): boolean => item['role'] === undefined && (item['type'] == null || item['type'] === 'item_reference');

function resolve(reference: Item, index: number, conversation: readonly Item[]): Item {
  const id = reference['id'];
  const found = conversation.find((item) => item['id'] === id);
  if (found) return found;
  throw new CallError({
    status: 404,
    kind: 'not_found',
    fault: 'caller',
    code: 'item_not_found',
    param: `input[${index}].id`,
    message: `Item with id '${String(id)}' not found: an item reference names an item of the response 'previous_response_id' continues.`,
  });
}

const PREFIXES: Readonly<Record<string, IdPrefix>> = { message: 'msg', function_call: 'fc', custom_tool_call: 'ctc', reasoning: 'rs' };

/** An item as input_items lists it: typed, with an id of its own. */
function withId(item: Item): Item {
  const type = item['type'] ?? 'message';
  if (typeof item['id'] === 'string' && item['id'] !== '' && item['type'] !== undefined) return item;
  return { ...item, type, id: typeof item['id'] === 'string' && item['id'] !== '' ? item['id'] : newId(PREFIXES[String(type)] ?? 'item') };
}
