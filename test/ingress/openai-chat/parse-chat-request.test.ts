import { describe, expect, it } from 'vitest';
import { parseChatRequest } from '../../../functions/ingress/openai-chat/parse-chat-request.ts';

const failure = (body: unknown) => {
  try {
    parseChatRequest(typeof body === 'string' ? body : JSON.stringify(body));
  } catch (error) {
    return error as { status: number; param: string | null; message: string; code: string };
  }
  throw new Error('expected a failure');
};
const user = { role: 'user', content: 'hi' };

describe('parseChatRequest', () => {
  it('keeps parameters it does not know, for providers that do', () => {
    expect(parseChatRequest(JSON.stringify({ model: 'm', messages: [user], logit_bias: { 1: 2 } }))).toMatchObject({ logit_bias: { 1: 2 } });
  });

  it.each([
    [{ model: 'm' }, 'messages', /Missing required parameter: 'messages'/],
    [{ model: 'm', messages: [] }, 'messages', /messages/],
    [{ model: 'm', messages: [user, { role: 'robot', content: 'x' }] }, 'messages[1].role', /"robot" is not supported/],
    [{ model: 'm', messages: [user, user, { role: 'user', content: 5 }] }, 'messages[2].content', /expected string or array/],
    [{ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 3 } }] }] }, 'messages[0].content[0].image_url.url', /expected string/],
    [{ model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id', /Missing/],
    [{ model: 'm', messages: [user], temperature: 3 }, 'temperature', /temperature/],
    [{ model: 'm', messages: [user], n: 1.5 }, 'n', /integer/],
    [{ model: 'm', messages: [user], tool_choice: { type: 'function', function: { name: 'f' } } }, 'tool_choice', /not in 'tools'/],
    [{ model: 'm', messages: [user], response_format: { type: 'xml' } }, 'response_format.type', /"xml" is not supported/],
    [{ model: `openai/${'x'.repeat(250)}`, messages: [user] }, 'model', /at most 256 characters/],
  ])('names the field of %j', (body, param, message) => {
    const error = failure(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
  });

  it('answers malformed and non-object JSON with invalid_json', () => {
    expect(failure('{"model":')).toMatchObject({ status: 400, code: 'invalid_json', param: null });
    expect(failure('[1,2]')).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(failure('')).toMatchObject({ status: 400 });
  });
});
