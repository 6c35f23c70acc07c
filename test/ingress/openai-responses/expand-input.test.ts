import { describe, expect, it } from 'vitest';
import { expandInput } from '../../../functions/ingress/openai-responses/expand-input.ts';

const conversation = [
  { id: 'msg_a', type: 'message', role: 'user', content: 'Weather?' },
  { id: 'fc_b', type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{}' },
];

describe('expandInput', () => {
  it('without a previous response or references, the body is the one sent, and its items get ids', () => {
    const sent = { model: 'm', input: 'Hello' };
    const { body, items } = expandInput(sent, undefined);
    expect(body).toBe(sent);
    expect(items).toEqual([{ type: 'message', role: 'user', content: 'Hello', id: expect.stringMatching(/^msg_/) }]);
  });

  it('the stored conversation goes in front; previous_response_id goes; references take the items they name', () => {
    const sent = { model: 'm', previous_response_id: 'resp_1', store: true, input: [{ type: 'item_reference', id: 'fc_b' }, { type: 'function_call_output', call_id: 'call_1', output: 'sunny' }] };
    const { body, items } = expandInput(sent, conversation);
    expect(body).toEqual({ model: 'm', store: true, input: [...conversation, conversation[1], { type: 'function_call_output', call_id: 'call_1', output: 'sunny' }] });
    expect(items).toEqual([conversation[1], { type: 'function_call_output', call_id: 'call_1', output: 'sunny', id: expect.stringMatching(/^item_/) }]);
  });

  it('a reference to no stored item is a 404 naming it', () => {
    expect(() => expandInput({ model: 'm', input: [{ id: 'msg_nowhere' }] }, undefined)).toThrow(expect.objectContaining({ status: 404, code: 'item_not_found', param: 'input[0].id' }));
  });
});
