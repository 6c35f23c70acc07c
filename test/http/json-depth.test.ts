import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from '../../functions/http/json-depth.ts';
import { parseChatRequest } from '../../functions/ingress/openai-chat/parse-chat-request.ts';

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects inside each other, not side by side', () => {
    expect(jsonNestsDeeperThan(arrays(3), 3)).toBe(false);
    expect(jsonNestsDeeperThan(arrays(4), 3)).toBe(true);
    expect(jsonNestsDeeperThan(objects(3), 3)).toBe(false);
    expect(jsonNestsDeeperThan(objects(4), 3)).toBe(true);
    expect(jsonNestsDeeperThan('[{"a":[1]},{"b":[2]},[[3]]]', 3)).toBe(false);
    expect(jsonNestsDeeperThan('"plain"', 0)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    expect(jsonNestsDeeperThan(`["${'[{'.repeat(100)}"]`, 1)).toBe(false);
    expect(jsonNestsDeeperThan(`["\\"[[[[", "\\\\"]`, 1)).toBe(false);
    // After an escaped backslash the quote closes the string: the brackets after it count.
    expect(jsonNestsDeeperThan('["\\\\", [[1]]]', 2)).toBe(true);
  });

  it('scans a million levels without recursion', () => {
    expect(jsonNestsDeeperThan(arrays(1_000_000), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonNestsDeeperThan(objects(1_000_000), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('the nesting bound on request bodies', () => {
  const body = (inner: string) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], deep: '@' }).replace('"@"', inner);

  it(`accepts ${MAX_JSON_DEPTH} levels in all and refuses one more with a 400 naming the limit`, () => {
    // The body object is the first level.
    expect(parseChatRequest(body(arrays(MAX_JSON_DEPTH - 1)))).toHaveProperty('deep');
    for (const depth of [MAX_JSON_DEPTH, 6_000, 1_000_000]) {
      let thrown: unknown;
      try {
        parseChatRequest(body(arrays(depth)));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ status: 400, kind: 'invalid_request', fault: 'caller', code: 'json_too_deep', message: expect.stringContaining(`${MAX_JSON_DEPTH} levels`) });
    }
  });
});
