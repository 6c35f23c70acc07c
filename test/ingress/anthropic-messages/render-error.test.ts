/**
 * Every error kind in Anthropic's shape, made the way the gateway makes them where a factory
 * exists (upstream-errors.ts, the Anthropic stream's error event, the route's and the gateway's).
 */
import { describe, expect, it } from 'vitest';
import { requestTooLarge } from '../../../functions/http/adapters/request-too-large.ts';
import { CallError, invalidRequest, type ErrorKind } from '../../../functions/core/call-error.ts';
import { renderAnthropicError } from '../../../functions/ingress/anthropic-messages/render-error.ts';
import { anthropicReportedError } from '../../../functions/providers/anthropic/parse-anthropic-error.ts';
import {
  clientClosedRequest,
  upstreamBadResponse,
  upstreamStatusError,
  upstreamStreamCut,
  upstreamTimeout,
  upstreamUnreachable,
} from '../../../functions/providers/upstream/upstream-errors.ts';

const gatewayError = (kind: ErrorKind, status: number) => new CallError({ status, kind, fault: 'gateway', message: `${kind} here` });
const wire = (error: CallError) => {
  const { status, body } = renderAnthropicError(error);
  return { kind: error.kind, status, type: body.error.type };
};

const SITES: Array<[string, CallError, { kind: ErrorKind; status: number; type: string }]> = [
  ['invalidRequest', invalidRequest('max_tokens: Field required', 'max_tokens'), { kind: 'invalid_request', status: 400, type: 'invalid_request_error' }],
  ['a provider 400', upstreamStatusError('openai', 400, { message: 'bad' }, null), { kind: 'invalid_request', status: 400, type: 'invalid_request_error' }],
  ['a provider 422', upstreamStatusError('openai', 422, {}, null), { kind: 'invalid_request', status: 422, type: 'invalid_request_error' }],
  ['a provider 402 billing_error', upstreamStatusError('anthropic', 402, { message: 'no credit', type: 'billing_error' }, null), { kind: 'invalid_request', status: 402, type: 'billing_error' }],
  ['a provider 401', upstreamStatusError('anthropic', 401, { type: 'authentication_error' }, null), { kind: 'authentication', status: 401, type: 'authentication_error' }],
    ["the gateway's refused key", new CallError({ status: 401, kind: 'authentication', fault: 'caller', code: 'invalid_api_key', message: 'Invalid API key.' }), { kind: 'authentication', status: 401, type: 'authentication_error' }],
  ['a model the key may not use', new CallError({ status: 403, kind: 'permission', fault: 'caller', message: 'not allowed' }), { kind: 'permission', status: 403, type: 'permission_error' }],
  ['a provider 404', upstreamStatusError('anthropic', 404, { type: 'not_found_error' }, null), { kind: 'not_found', status: 404, type: 'not_found_error' }],
  ['a body over the limit', requestTooLarge(10), { kind: 'request_too_large', status: 413, type: 'request_too_large' }],
  ['a provider 429', upstreamStatusError('anthropic', 429, { type: 'rate_limit_error' }, '3'), { kind: 'rate_limit', status: 429, type: 'rate_limit_error' }],
  ['a provider timeout', upstreamTimeout('openai', 1_000, 'response'), { kind: 'timeout', status: 504, type: 'timeout_error' }],
  ['the route deadline', gatewayError('timeout', 504), { kind: 'timeout', status: 504, type: 'timeout_error' }],
    ["Anthropic's 529", upstreamStatusError('anthropic', 529, { type: 'overloaded_error' }, null), { kind: 'overloaded', status: 529, type: 'overloaded_error' }],
    ["a provider's 503", upstreamStatusError('openai', 503, {}, null), { kind: 'overloaded', status: 529, type: 'overloaded_error' }],
  ['overloaded_error mid-stream', anthropicReportedError({ type: 'overloaded_error', message: 'Overloaded' }), { kind: 'overloaded', status: 529, type: 'overloaded_error' }],
  ['no target or open breakers', gatewayError('overloaded', 503), { kind: 'overloaded', status: 529, type: 'overloaded_error' }],
  ['a provider 500', upstreamStatusError('openai', 500, {}, null), { kind: 'upstream', status: 502, type: 'api_error' }],
  ['api_error mid-stream', anthropicReportedError({ type: 'api_error', message: 'Internal' }), { kind: 'upstream', status: 502, type: 'api_error' }],
  ['unreachable', upstreamUnreachable('openai', new Error('refused')), { kind: 'upstream', status: 503, type: 'api_error' }],
  ['a cut stream', upstreamStreamCut('anthropic'), { kind: 'upstream', status: 502, type: 'api_error' }],
  ['an unreadable answer', upstreamBadResponse('anthropic', 'not JSON'), { kind: 'upstream', status: 502, type: 'api_error' }],
  ['the jobs table missing', gatewayError('unavailable', 503), { kind: 'unavailable', status: 503, type: 'api_error' }],
  ['a bug', gatewayError('internal', 500), { kind: 'internal', status: 500, type: 'api_error' }],
  ['the client left', clientClosedRequest(), { kind: 'cancelled', status: 499, type: 'invalid_request_error' }],
];

describe('renderAnthropicError: every kind', () => {
  it.each(SITES)('%s', (_site, error, expected) => {
    expect(wire(error)).toEqual(expected);
  });

  it('the sites above cover every kind', () => {
    const kinds: Record<ErrorKind, true> = {
      invalid_request: true,
      authentication: true,
      permission: true,
      not_found: true,
      request_too_large: true,
      rate_limit: true,
      timeout: true,
      overloaded: true,
      upstream: true,
      unavailable: true,
      internal: true,
      cancelled: true,
    };
    expect(new Set(SITES.map(([, error]) => error.kind))).toEqual(new Set(Object.keys(kinds)));
  });
});

describe('renderAnthropicError: the body', () => {
  it("is Anthropic's envelope with the error's message, and the request id when given", () => {
    const error = invalidRequest('messages.0.content.1.type: Field required', 'messages.0.content.1.type');
    expect(renderAnthropicError(error)).toStrictEqual({
      status: 400,
      body: { type: 'error', error: { type: 'invalid_request_error', message: 'messages.0.content.1.type: Field required' } },
    });
    expect(renderAnthropicError(error, 'req_123').body).toStrictEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'messages.0.content.1.type: Field required' },
      request_id: 'req_123',
    });
  });
});
