/** POST /v1/jobs bodies: deadlines, metadata, callbacks and batches, each refusal naming its field. */
import { describe, expect, it } from 'vitest';
import { CallError } from '../../../functions/core/call-error.ts';
import { MAX_BATCH_REQUESTS, parseJobSubmission } from '../../../functions/jobs/api/parse-job-submission.ts';

const now = Date.parse('2026-05-01T00:00:00Z');
const rules = { now, allowLoopbackCallbacks: false, signsCallbacks: true };
const chat = { model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'hi' }] };
const parse = (body: unknown, loopback = false) => parseJobSubmission(JSON.stringify(body), { ...rules, allowLoopbackCallbacks: loopback });

function paramOf(body: unknown, loopback = false): string | null {
  try {
    parse(body, loopback);
  } catch (error) {
    if (error instanceof CallError && error.status === 400) return error.param;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('parseJobSubmission', () => {
  it('takes a deadline as seconds from now (60 to 86,400) or an RFC 3339 time in that range', () => {
    expect(parse({ ...chat, deadline: 60 }).entries[0]!.deadlineAt).toBe(now + 60_000);
    expect(parse({ ...chat, deadline: 86_400 }).entries[0]!.deadlineAt).toBe(now + 86_400_000);
    expect(parse({ ...chat, deadline: '2026-05-01T02:00:00+01:00' }).entries[0]!.deadlineAt).toBe(now + 3_600_000);
    for (const deadline of [59, 86_401, 600.5, '2026-05-01T00:00:30Z', '2026-05-03T00:00:00Z', '2026-05-01', 'soon', null, true]) {
      expect(paramOf({ ...chat, deadline }), String(deadline)).toBe('deadline');
    }
  });

  it('gives, for a deadline that is not RFC 3339, an example that is itself a valid deadline', () => {
    let message = '';
    try {
      parse({ ...chat, deadline: 'tomorrow' });
    } catch (error) {
      message = (error as Error).message;
    }
    const example = /such as "([^"]+)"/.exec(message)?.[1];
    expect(example).toBe('2026-05-01T01:00:00Z');
    expect(parse({ ...chat, deadline: example }).entries[0]!.deadlineAt).toBe(now + 3_600_000);
  });

  it('keeps the chat request without the job fields, and metadata and callback as given', () => {
    const { batch, entries } = parse({ ...chat, temperature: 0.2, deadline: 600, metadata: { a: 'b' }, callback_url: 'https://example.com/hook?x=1' });
    expect(batch).toBe(false);
    expect(entries[0]).toEqual({ request: { ...chat, temperature: 0.2 }, deadlineAt: now + 600_000, metadata: { a: 'b' }, callbackUrl: 'https://example.com/hook?x=1' });
  });

  it('bounds metadata: 16 string values, short keys and values', () => {
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    expect(paramOf({ ...chat, deadline: 60, metadata: many })).toBe('metadata');
    expect(paramOf({ ...chat, deadline: 60, metadata: { ['k'.repeat(65)]: 'v' } })).toBe('metadata');
    expect(paramOf({ ...chat, deadline: 60, metadata: { k: 'v'.repeat(513) } })).toBe('metadata.k');
    expect(paramOf({ ...chat, deadline: 60, metadata: ['a'] })).toBe('metadata');
  });

  it('takes https callbacks, and http to loopback only where allowed', () => {
    expect(paramOf({ ...chat, deadline: 60, callback_url: 'http://127.0.0.1:8080/hook' })).toBe('callback_url');
    expect(parse({ ...chat, deadline: 60, callback_url: 'http://127.0.0.1:8080/hook' }, true).entries[0]!.callbackUrl).toBe('http://127.0.0.1:8080/hook');
    expect(paramOf({ ...chat, deadline: 60, callback_url: 'http://10.0.0.1/hook' }, true)).toBe('callback_url');
    expect(paramOf({ ...chat, deadline: 60, callback_url: 'https://user:pw@example.com/' })).toBe('callback_url');
    expect(paramOf({ ...chat, deadline: 60, callback_url: 'not a url' })).toBe('callback_url');
  });

  it('refuses callbacks to hosts that are no public address, in every notation, and allows loopback only where allowed', () => {
    const refusal = (callback_url: string, loopback = false) => {
      try {
        parse({ ...chat, deadline: 60, callback_url }, loopback);
      } catch (error) {
        const { param, message, status } = error as CallError;
        return { param, message, status };
      }
      return undefined;
    };
    for (const [url, kind] of [
      ['https://127.0.0.1/hook', 'loopback'],
      ['https://2130706433/hook', 'loopback'],
      ['https://0x7f.1/hook', 'loopback'],
      ['https://0177.0.0.1/hook', 'loopback'],
      ['https://127.1/hook', 'loopback'],
      ['https://127.0.0.1./hook', 'loopback'],
      ['https://[::1]/hook', 'loopback'],
      ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
      ['https://[0:0:0:0:0:ffff:7f00:1]/hook', 'loopback'],
      ['https://localhost/hook', 'loopback'],
      ['https://LocalHost./hook', 'loopback'],
      ['https://hooks.localhost/hook', 'loopback'],
      ['https://169.254.169.254/latest/meta-data/', 'link-local'],
      ['https://0xa9.0xfe.0xa9.0xfe/', 'link-local'],
      ['https://10.1.2.3/hook', 'private'],
      ['https://167772161/hook', 'private'],
      ['https://172.31.255.255/hook', 'private'],
      ['https://192.168.0.1/hook', 'private'],
      ['https://100.100.100.200/hook', 'shared'],
      ['https://0.0.0.0/hook', 'unspecified'],
      ['https://0/hook', 'unspecified'],
      ['https://[::]/hook', 'unspecified'],
      ['https://224.0.0.251/hook', 'multicast'],
      ['https://255.255.255.255/hook', 'reserved'],
      ['https://[fd12:3456::1]/hook', 'private'],
      ['https://[fe80::1]/hook', 'link-local'],
      ['https://[ff02::1]/hook', 'multicast'],
      ['https://[::ffff:10.0.0.1]/hook', 'private'],
      ['https://[64:ff9b::169.254.169.254]/hook', 'link-local'],
      ['https://[2002:7f00:1::]/hook', 'loopback'],
      ['https://[2001:db8::1]/hook', 'documentation'],
    ] as const) {
      expect(refusal(url), url).toEqual({ param: 'callback_url', status: 400, message: expect.stringContaining(`is ${kind === 'unspecified' ? 'an' : 'a'} ${kind} address, not a public one`) });
    }
    for (const url of ['https://example.com/hook', 'https://93.184.215.14/hook', 'https://[2606:4700::1111]/hook', 'https://[::ffff:93.184.215.14]/hook', 'https://127.0.0.1.example.com/hook']) {
      expect(refusal(url), url).toBeUndefined();
    }
    // Where loopback is allowed (development, tests), only loopback is: over https or http.
    for (const url of ['https://127.0.0.1:8443/hook', 'http://localhost:8080/hook', 'http://[::1]:8080/hook', 'http://2130706433:8080/hook']) {
      expect(refusal(url, true), url).toBeUndefined();
    }
    for (const url of ['https://10.0.0.1/hook', 'https://169.254.169.254/', 'https://[fd00::1]/hook']) {
      expect(refusal(url, true)?.message, url).toMatch(/not a public one/);
    }
  });

  it('refuses a callback the gateway could not sign, naming the field, rather than accept one that would never be called', () => {
    const unsigned = (body: unknown) => {
      try {
        parseJobSubmission(JSON.stringify(body), { ...rules, signsCallbacks: false });
      } catch (error) {
        const { param, code, kind, fault, message, status } = error as CallError;
        return { param, code, kind, fault, message, status };
      }
      throw new Error('expected a refusal');
    };
    expect(unsigned({ requests: [{ ...chat, deadline: 60 }, { ...chat, deadline: 60, callback_url: 'https://example.com/hook' }] })).toMatchObject({
      param: 'requests[1].callback_url',
      code: 'callbacks_unavailable',
      kind: 'invalid_request',
      fault: 'caller',
      status: 400,
      message: expect.stringContaining('SWITCHYARD_CALLBACK_SECRET'),
    });
    expect(parseJobSubmission(JSON.stringify({ ...chat, deadline: 60 }), { ...rules, signsCallbacks: false }).entries).toHaveLength(1);
  });

  it('refuses streaming, naming stream', () => {
    expect(paramOf({ ...chat, deadline: 60, stream: true })).toBe('stream');
    expect(paramOf({ requests: [{ ...chat, deadline: 60 }, { ...chat, deadline: 60, stream: true }] })).toBe('requests[1].stream');
  });

  it('takes a batch of 1 to 1,000 jobs, naming the entry at fault', () => {
    const { batch, entries } = parse({ requests: [{ ...chat, deadline: 60 }, { ...chat, deadline: 120 }] });
    expect(batch).toBe(true);
    expect(entries.map((entry) => entry.deadlineAt)).toEqual([now + 60_000, now + 120_000]);
    expect(paramOf({ requests: [] })).toBe('requests');
    expect(paramOf({ requests: Array(MAX_BATCH_REQUESTS + 1).fill({ ...chat, deadline: 60 }) })).toBe('requests');
    expect(paramOf({ requests: {} })).toBe('requests');
    expect(paramOf({ requests: [{ ...chat, deadline: 60 }, 'x'] })).toBe('requests[1]');
    expect(paramOf({ requests: [{ ...chat, deadline: 60 }], deadline: 60 })).toBe('deadline');
    expect(paramOf({ requests: [{ ...chat }] })).toBe('requests[0].deadline');
    expect(paramOf({ requests: [{ ...chat, deadline: 60, messages: [{ role: 'user' }] }] })).toBe('requests[0].messages[0].content');
  });

  it('hashes the body as parsed, whatever its spacing', () => {
    const body = { ...chat, deadline: 60 };
    expect(parseJobSubmission(JSON.stringify(body, null, 2), rules).canonical).toBe(parse(body).canonical);
  });
});
