import { describe, expect, it } from 'vitest';
import { validateResponsesRequest } from '../../../functions/ingress/openai-responses/validate-responses-request.ts';

const refused = (body: Record<string, unknown>) => {
  try {
    validateResponsesRequest(body);
  } catch (error) {
    return error;
  }
  throw new Error('accepted');
};

describe('validateResponsesRequest', () => {
  it('accepts what OpenAI accepts, unknown fields and item kinds included', () => {
    const body = {
      model: 'openai/gpt-5',
      input: [
        { role: 'user', content: 'Hi' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        { type: 'item_reference', id: 'msg_1' },
        { id: 'msg_2' },
        { type: 'reasoning', summary: [], encrypted_content: 'gAAAA' },
      ],
      tools: [{ type: 'code_interpreter', container: { type: 'auto' } }, { type: 'mcp', server_label: 'x', server_url: 'https://example.com' }],
      client_metadata: { session_id: 's' },
      text: { format: { type: 'text' }, verbosity: 'low' },
      truncation: 'auto',
      stream_options: { include_obfuscation: false },
    };
    expect(validateResponsesRequest(body)).toEqual(body);
  });

  it.each([
    [{ model: 'm', input: [{ role: 'user', content: [{ type: 'input_text', text: 5 }] }] }, 'input[0].content[0].text', "Invalid type for 'input[0].content[0].text': expected string, got 5."],
    [{ model: 'm', input: [{ role: 'robot', content: 'Hi' }] }, 'input[0].role', "Invalid value for 'input[0].role': expected one of \"user\", \"assistant\", \"system\", \"developer\", got \"robot\"."],
    [{ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id', "Missing required parameter: 'input[0].call_id'."],
    [{ model: 'm', input: 'x', tools: [{ type: 'function', name: 'has space' }] }, 'tools[0].name', "Invalid value for 'tools[0].name': must be 1 to 64 letters, digits, underscores or dashes."],
    [{ model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'a' } } }, 'text.format.schema', "Missing required parameter: 'text.format.schema'."],
    [{ model: 'm' }, 'input', "Missing required parameter: 'input'."],
    [{ input: 'x' }, 'model', "Missing required parameter: 'model'."],
  ])('%j is a 400 naming %s', (body, param, message) => {
    expect(refused(body)).toMatchObject({ status: 400, param, message });
  });

  it('a background response or a conversation object is a 400 saying what to do instead', () => {
    expect(refused({ model: 'm', input: 'x', background: true })).toMatchObject({ status: 400, param: 'background', code: 'unsupported_parameter', message: expect.stringContaining('/v1/jobs') });
    expect(refused({ model: 'm', input: 'x', conversation: 'conv_1' })).toMatchObject({ status: 400, param: 'conversation', message: expect.stringContaining('previous_response_id') });
  });
});
