import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/config/read-environment.ts';
import { KEY_POLICIES_VARIABLE, readKeyPolicies } from '../../functions/config/read-key-policies.ts';

const digest = (key: string) => createHash('sha256').update(key).digest('hex');
const policies = (value: unknown) => readKeyPolicies({ [KEY_POLICIES_VARIABLE]: typeof value === 'string' ? value : JSON.stringify(value) });

describe('readKeyPolicies', () => {
  it('is empty when the variable is unset or blank: every key may use every model', () => {
    expect(readKeyPolicies({}).size).toBe(0);
    expect(policies('  ').size).toBe(0);
  });

  it('maps each key digest to the targets it may use, with * matching anything', () => {
    const read = policies([
      { key_sha256: digest('team-a'), models: ['openai/*', 'anthropic/claude-haiku-4-5'] },
      { key_sha256: digest('team-b'), models: ['*/llama-*'] },
    ]);
    const a = read.get(digest('team-a'));
    const b = read.get(digest('team-b'));
    expect(a?.allows('openai/gpt-4o-mini')).toBe(true);
    expect(a?.allows('openai/gpt-5')).toBe(true);
    expect(a?.allows('anthropic/claude-haiku-4-5')).toBe(true);
    expect(a?.allows('anthropic/claude-haiku-4-5-extended')).toBe(false);
    expect(a?.allows('anthropic/claude-sonnet-4-5')).toBe(false);
    expect(a?.allows('azure-openai/gpt-4o')).toBe(false);
    expect(b?.allows('groq/llama-3.3-70b-versatile')).toBe(true);
    expect(b?.allows('together/meta-llama/Llama-3.3-70B-Instruct-Turbo')).toBe(false);
    expect(read.get(digest('team-c'))).toBeUndefined();
  });

  it('matches the other characters of a pattern literally', () => {
    const read = policies([{ key_sha256: digest('k'), models: ['openai/gpt-4.1', 'bedrock/us.meta.llama3-3-70b-instruct-v1:0', 'together/(x)+'] }]).get(digest('k'));
    expect(read?.allows('openai/gpt-4.1')).toBe(true);
    expect(read?.allows('openai/gpt-4x1')).toBe(false);
    expect(read?.allows('bedrock/us.meta.llama3-3-70b-instruct-v1:0')).toBe(true);
    expect(read?.allows('together/(x)+')).toBe(true);
    expect(read?.allows('together/xx')).toBe(false);
  });

  it('says which targets a policy names exactly, without a wildcard', () => {
    const read = policies([{ key_sha256: digest('k'), models: ['openai/ft:gpt-4o:acme:x', 'anthropic/*'] }]).get(digest('k'));
    expect(read?.names('openai/ft:gpt-4o:acme:x')).toBe(true);
    expect(read?.names('anthropic/claude-haiku-4-5')).toBe(false);
    expect(read?.allows('anthropic/claude-haiku-4-5')).toBe(true);
  });

  it('names the variable when it is not JSON', () => {
    expect(() => policies('[{key_sha256: }]')).toThrow(ConfigError);
    expect(() => policies('[{key_sha256: }]')).toThrow(/^SWITCHYARD_API_KEY_POLICIES is not JSON: /);
  });

  it.each([
    ['a digest that is not lower-case hex SHA-256', [{ key_sha256: digest('k').toUpperCase(), models: ['*'] }], /lower-case hex SHA-256 digest/],
    ['a raw key instead of its digest', [{ key_sha256: 'sk-team-a', models: ['*'] }], /lower-case hex SHA-256 digest/],
    ['an empty model list', [{ key_sha256: digest('k'), models: [] }], /models/],
    ['an unknown field', [{ key_sha256: digest('k'), models: ['*'], model: 'x' }], /model/],
    ['an object instead of a list', { key_sha256: digest('k'), models: ['*'] }, /array/],
  ])('names the variable for %s', (_, value, detail) => {
    let error: unknown;
    try {
      policies(value);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^SWITCHYARD_API_KEY_POLICIES is invalid:/);
    expect((error as ConfigError).message).toMatch(detail);
  });
});
