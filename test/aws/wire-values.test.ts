/** Items to DynamoDB's JSON and back, as the document client carries them. */
import { describe, expect, it } from 'vitest';
import { fromWireItem, toWireItem } from '../../functions/aws/dynamodb/wire-values.ts';

describe('toWireItem and fromWireItem', () => {
  it('types every value, leaves undefined attributes out, and reads them back', () => {
    const item = { pk: 'job#1', n: 3, ok: true, none: null, list: [1, 'a'], map: { nested: { deep: 2.5 } }, gone: undefined };
    const wire = toWireItem(item);
    expect(wire).toEqual({
      pk: { S: 'job#1' },
      n: { N: '3' },
      ok: { BOOL: true },
      none: { NULL: true },
      list: { L: [{ N: '1' }, { S: 'a' }] },
      map: { M: { nested: { M: { deep: { N: '2.5' } } } } },
    });
    const { gone: _gone, ...kept } = item;
    expect(fromWireItem(JSON.parse(JSON.stringify(wire)))).toEqual(kept);
  });

  it('carries binary values as base64, at any depth, and reads them back as bytes', () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const wire = toWireItem({ b: bytes, nested: { M: [bytes] } });
    expect(wire).toEqual({ b: { B: 'AAH+/w==' }, nested: { M: { M: { L: [{ B: 'AAH+/w==' }] } } } });
    const back = fromWireItem(JSON.parse(JSON.stringify(wire)));
    expect(back.b).toEqual(bytes);
    expect(back.nested).toEqual({ M: [bytes] });
  });
});
