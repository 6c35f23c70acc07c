import { describe, expect, it } from 'vitest';
import { CallError, invalidRequest } from '../../functions/core/call-error.ts';
import {
  clientClosedRequest,
  upstreamBadResponse,
  upstreamStatusError,
  upstreamStreamCut,
  upstreamStreamError,
  upstreamTimeout,
  upstreamUnreachable,
} from '../../functions/providers/upstream/upstream-errors.ts';
import { backoffMs, failureDisposition, retryAfterMs } from '../../functions/routing/retry-policy.ts';

const status = (code: number, retryAfter: string | null = null) => upstreamStatusError('openai', code, { message: 'nope' }, retryAfter);

describe('failureDisposition', () => {
  it.each([
    ['a rate limit', status(429)],
    ['a provider 500', status(500)],
    ['a provider 503', status(503)],
    ["Anthropic's 529", status(529)],
    ['a timeout', upstreamTimeout('openai', 1000, 'response')],
    ['an unreachable provider', upstreamUnreachable('openai', new Error('ECONNREFUSED'))],
    ['a stream cut before content', upstreamStreamCut('openai')],
    ['an unreadable response', upstreamBadResponse('openai', 'not JSON')],
    ['an error reported in a stream', upstreamStreamError('openai', { message: 'overloaded', type: 'overloaded_error' })],
  ])('retries %s', (_, error) => {
    expect(failureDisposition(error)).toBe('retry');
  });

  it.each([
    ['refused credentials', status(401)],
    ['a forbidden model', status(403)],
    ['an unknown model', status(404)],
    ["a parameter the adapter cannot express (the gateway's own 400)", invalidRequest('Gemini does not support logit_bias', 'logit_bias')],
  ])('moves to the next target at once on %s', (_, error) => {
    expect(failureDisposition(error)).toBe('next');
  });

  it.each([
    ["a provider's 400", status(400)],
    ['a too-large request', status(413)],
    ['an unprocessable request', status(422)],
    ['a client that left', clientClosedRequest()],
    ["the gateway's own 500", new CallError({ status: 500, kind: 'internal', fault: 'gateway', message: 'bug' })],
    ['something that is not a CallError', new TypeError('x is undefined')],
  ])('stops on %s', (_, error) => {
    expect(failureDisposition(error)).toBe('stop');
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads seconds, whole or not', () => {
    expect(retryAfterMs(status(429, '2'), now)).toBe(2000);
    expect(retryAfterMs(status(429, '0.5'), now)).toBe(500);
    expect(retryAfterMs(status(429, '0'), now)).toBe(0);
  });

  it('reads the seconds a provider put in its body when it sent no header, exactly', () => {
    expect(retryAfterMs(upstreamStatusError('openai', 429, { retryAfterSeconds: 1.2 }, null), now)).toBe(1200);
  });

  it('keeps the exact wait the provider asked for, though the client is told whole seconds, through scrubbing too', () => {
    const error = status(429, '0.5');
    expect(error.headers['retry-after']).toBe('1');
    expect(retryAfterMs(error, now)).toBe(500);
    expect(retryAfterMs(error.redacted((text) => text.replace('nope', '[redacted]')), now)).toBe(500);
  });

  it('reads an HTTP date, and a past one as no wait', () => {
    expect(retryAfterMs(status(503, 'Sun, 01 Jun 2025 12:00:30 GMT'), now)).toBe(30_000);
    expect(retryAfterMs(status(503, 'Sun, 01 Jun 2025 11:59:00 GMT'), now)).toBe(0);
  });

  it('never asks for a negative wait', () => {
    expect(retryAfterMs(status(429, '-5'), now)).toBe(0);
  });

  it('is undefined without a readable header', () => {
    expect(retryAfterMs(status(429), now)).toBeUndefined();
    expect(retryAfterMs(status(429, 'soon'), now)).toBeUndefined();
    expect(retryAfterMs(new Error('x'), now)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  const settings = { attemptsPerTarget: 3, baseDelayMs: 200, maxDelayMs: 1_000, maxProviderWaitMs: 2_000 };
  const justUnderOne = () => 1 - Number.EPSILON;

  it('waits a random time from zero up to base × 2^retry (full jitter)', () => {
    expect(backoffMs(0, settings, () => 0)).toBe(0);
    expect(backoffMs(0, settings, () => 0.5)).toBe(100);
    expect(backoffMs(0, settings, justUnderOne)).toBeLessThan(200);
    expect(backoffMs(0, settings, justUnderOne)).toBeGreaterThan(199.9);
    expect(backoffMs(2, settings, () => 0.5)).toBe(400);
  });

  it('caps the wait at the maximum', () => {
    expect(backoffMs(3, settings, justUnderOne)).toBeLessThan(1_000);
    expect(backoffMs(30, settings, () => 0.5)).toBe(500);
  });

  it("waits what the provider asked, plus up to one base delay of jitter", () => {
    expect(backoffMs(0, settings, () => 0, 5_000)).toBe(5_000);
    expect(backoffMs(5, settings, () => 0.5, 5_000)).toBe(5_100);
  });
});
