import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope, isEnvelope, type ReasoningEnvelope } from '../../../functions/ingress/openai-responses/reasoning-envelope.ts';

describe('the reasoning envelope', () => {
  const envelope: ReasoningEnvelope = {
    blocks: [
      { type: 'reasoning', text: 'Weigh it — carefully.', signature: { issuer: 'claude', value: 'EqQBCkYIBxgCKkA/sig==' } },
      { type: 'redacted-reasoning', data: 'EmwKAhgBEgy/opaque', issuer: 'claude' },
      { type: 'reasoning', text: 'Unsigned.' },
    ],
    toolCalls: { call_1: { issuer: 'gemini', value: 'CiQB/thought+sig=' } },
  };

  it('round-trips the blocks, their signatures and the calls’ signatures, as sy1. and base64url', () => {
    const encoded = encodeEnvelope(envelope);
    expect(encoded).toMatch(/^sy1\.[A-Za-z0-9_-]+$/);
    expect(isEnvelope(encoded)).toBe(true);
    expect(decodeEnvelope(encoded, 'input[0].encrypted_content')).toEqual(envelope);
  });

  it('keeps only what it defines of a part', () => {
    const encoded = encodeEnvelope({ blocks: [{ type: 'reasoning', text: 'x', signature: { issuer: 'claude', value: 's' } }], toolCalls: {} });
    expect(JSON.parse(Buffer.from(encoded.slice(4), 'base64url').toString())).toEqual({ blocks: [{ type: 'reasoning', text: 'x', signature: { issuer: 'claude', value: 's' } }], toolCalls: {} });
  });

  it('is told by its prefix alone: OpenAI’s own encrypted content is not one', () => {
    expect(isEnvelope('sy1.abc')).toBe(true);
    expect(isEnvelope('gAAAAABo-openai')).toBe(false);
    expect(isEnvelope('gAAAAABsy1.')).toBe(false);
  });

  it.each([
    ['not base64 JSON', 'sy1.%%%'],
    ['JSON of another shape', `sy1.${Buffer.from('{"blocks":[{"type":"thinking"}],"toolCalls":{}}').toString('base64url')}`],
    ['an unknown issuer', `sy1.${Buffer.from('{"blocks":[],"toolCalls":{"c":{"issuer":"acme","value":"v"}}}').toString('base64url')}`],
  ])('%s is a 400 naming the field', (_what, encoded) => {
    expect(() => decodeEnvelope(encoded, 'input[3].encrypted_content')).toThrow(expect.objectContaining({ status: 400, param: 'input[3].encrypted_content', code: 'invalid_encrypted_content' }));
  });
});
