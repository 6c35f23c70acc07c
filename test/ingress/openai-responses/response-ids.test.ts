/** The gateway's own Responses ids: OpenAI's form, and never one handed out twice, across the refills of the pooled random bytes. */
import { describe, expect, it } from 'vitest';
import { newId } from '../../../functions/ingress/openai-responses/response-ids.ts';

describe('newId', () => {
  it("names a thing in OpenAI's form: the prefix, then 48 hex digits (192 random bits)", () => {
    expect(newId('resp')).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(newId('msg')).toMatch(/^msg_[0-9a-f]{48}$/);
  });

  it('never gives the same id twice, across many refills of the random bytes drawn ahead', () => {
    const ids = Array.from({ length: 1_000 }, () => newId('item'));
    for (const id of ids) expect(id).toMatch(/^item_[0-9a-f]{48}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // No id shares its random part with another (the pool's bytes are each used once).
    expect(new Set(ids.map((id) => id.slice(-48))).size).toBe(ids.length);
  });
});
