/**
 * Items as the stores write them (plain JavaScript values) and as DynamoDB's JSON protocol carries
 * them (typed attribute values, binary as base64), both ways: @aws-sdk/util-dynamodb's marshalling,
 * as the SDK's document client does it, with undefined attributes left out.
 */
import { marshall, unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';

/** An item, key or set of expression values, as the stores read and write them. */
export type Item = Record<string, NativeAttributeValue>;

/** An attribute value on the wire: `{ S: "..." }`, `{ N: "1" }`, `{ M: {...} }`, `{ B: "<base64>" }`. */
export type WireValue = { [type: string]: unknown };
export type WireItem = Record<string, WireValue>;

export const toWireItem = (item: Item): WireItem => binaryTo(marshall(item, { removeUndefinedValues: true }) as unknown as WireItem, encode);

export const fromWireItem = (item: WireItem): Item => unmarshall(binaryTo(item, decode) as never);

const encode = (bytes: unknown): unknown => Buffer.from(bytes as Uint8Array).toString('base64');
const decode = (text: unknown): unknown => new Uint8Array(Buffer.from(text as string, 'base64'));

/** The item with every binary value (B, BS, at any depth) passed through `convert`. */
function binaryTo(item: WireItem, convert: (value: unknown) => unknown): WireItem {
  const value = (attribute: WireValue): WireValue => {
    if ('B' in attribute) return { B: convert(attribute.B) };
    if ('BS' in attribute) return { BS: (attribute.BS as unknown[]).map(convert) };
    if ('M' in attribute) return { M: binaryTo(attribute.M as WireItem, convert) };
    if ('L' in attribute) return { L: (attribute.L as WireValue[]).map(value) };
    return attribute;
  };
  return Object.fromEntries(Object.entries(item).map(([name, attribute]) => [name, value(attribute)]));
}
