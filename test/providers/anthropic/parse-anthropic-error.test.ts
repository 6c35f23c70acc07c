import { describe, expect, it } from 'vitest';
import { anthropicAdapter } from '../../../functions/providers/anthropic/anthropic-adapter.ts';

const parse = (body: string) => anthropicAdapter.parseErrorBody(body);

describe('parseErrorBody', () => {
  it("reads Anthropic's error body", () => {
    expect(
      parse(
        JSON.stringify({
          type: 'error',
          error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
          request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy',
        }),
      ),
    ).toEqual({ message: 'max_tokens: Field required', type: 'invalid_request_error' });
  });

  it('reads an overloaded error', () => {
    expect(parse('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toEqual({
      message: 'Overloaded',
      type: 'overloaded_error',
    });
  });

  it('keeps non-JSON text, trimmed to 500 characters', () => {
    expect(parse('  <html>502 Bad Gateway</html>\n')).toEqual({ message: '<html>502 Bad Gateway</html>' });
    const long = parse('x'.repeat(2000));
    expect(long.message).toHaveLength(500);
  });

  it('an empty body or JSON without an error says nothing', () => {
    expect(parse('')).toEqual({});
    expect(parse('[1,2]')).toEqual({});
    expect(parse('{"error":{"code":7}}')).toEqual({});
  });
});
