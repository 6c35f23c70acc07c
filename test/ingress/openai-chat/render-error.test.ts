/**
 * The OpenAI error each construction site answers with: status, `type`, `code` and `param` on the
 * wire, site by site, made the way the gateway makes them (exported factories, or the route, router
 * and gateway that hold the private ones). The expected wire values were first checked against the
 * OpenAI-typed GatewayError that CallError replaced (commit e2eddaa), so each type is the one it was.
 */
import { describe, expect, it } from 'vitest';
import { streamFailure } from '../../../functions/ingress/encode-batches.ts';
import { createOpenAISseEncoder } from '../../../functions/ingress/openai-chat/encode-stream.ts';
import { openAIErrorType, toOpenAIErrorBody } from '../../../functions/ingress/openai-chat/render-error.ts';
import { assertModelAllowed } from '../../../functions/routing/model-not-allowed.ts';
import { createAuthenticator } from '../../../functions/http/authenticate.ts';
import { requestTooLarge } from '../../../functions/http/adapters/request-too-large.ts';
import { createGateway } from '../../../functions/http/create-gateway.ts';
import { CallError, invalidRequest, type ErrorKind, type Fault } from '../../../functions/core/call-error.ts';
import type { HttpRequest } from '../../../functions/http/http-types.ts';
import { createJobRoutes } from '../../../functions/http/routes/jobs.ts';
import type { RouteContext } from '../../../functions/http/routes/route-context.ts';
import { createModelRoutes } from '../../../functions/http/routes/models.ts';
import { anthropicReportedError } from '../../../functions/providers/anthropic/parse-anthropic-error.ts';
import {
  clientClosedRequest,
  upstreamBadResponse,
  upstreamStatusError,
  upstreamStreamCut,
  upstreamTimeout,
  upstreamUnreachable,
} from '../../../functions/providers/upstream/upstream-errors.ts';
import { createCircuitBreakers } from '../../../functions/routing/circuit-breaker.ts';
import { createEngine } from '../../../functions/routing/create-engine.ts';
import { executeRoute, RouteFailure, type ExecuteRouteOptions } from '../../../functions/routing/execute-route.ts';
import { silentLogger } from '../../local/local-test-helpers.ts';
import { fullConfig, resolver, targetFor } from '../../routing/routing-fixtures.ts';

interface Wire {
  status: number;
  type: string;
  code: string | null;
  param: string | null;
}

/** What the OpenAI door sends for an error thrown inside the gateway, and the error's `kind/fault`. */
function wire(error: unknown): Wire & { as: string } {
  if (!(error instanceof CallError)) throw new Error(`expected a CallError, got ${String(error)}`);
  const { type, code, param } = toOpenAIErrorBody(error).error;
  return { status: error.status, type, code, param, as: `${error.kind}/${error.fault}` };
}

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

async function rejected(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error instanceof RouteFailure ? error.error : error;
  }
  throw new Error('expected a rejection');
}

const AT = 1_700_000_000_000;
const A = 'openai/gpt-4o-mini';

function route(targets: string[], overrides: Partial<ExecuteRouteOptions<string>> = {}) {
  return executeRoute<string>({
    targets: targets.map((name) => targetFor(name)),
    breakers: createCircuitBreakers({ now: () => AT }),
    deadline: AT + 60_000,
    attemptTimeoutMs: 30_000,
    signal: new AbortController().signal,
    now: () => AT,
    sleep: async () => {},
    attempt: async () => 'unused',
    ...overrides,
  });
}

const request = (method: string, path: string): HttpRequest => ({ method, path, query: '', headers: {}, body: '', signal: new AbortController().signal });
const routeContext: RouteContext = { requestId: 'req_1', annotate() {}, finish() {}, caller: { keyDigest: undefined, policy: undefined } };

/** A gateway whose health read is a bug: what the error boundary answers for anything unplanned. */
function brokenGateway() {
  const engine = createEngine({ config: fullConfig, resolver, logger: silentLogger });
  return createGateway(fullConfig, {
    logger: silentLogger,
    engine: {
      ...engine,
      health: () => {
        throw new TypeError('a bug');
      },
    },
  });
}

async function answered(method: string, path: string): Promise<Wire> {
  const response = await brokenGateway()(request(method, path));
  const { type, code, param } = (JSON.parse(response.body as string) as { error: Omit<Wire, 'status'> }).error;
  return { status: response.status, type, code, param };
}

const info = (type: string) => ({ message: 'no', type });

describe('the OpenAI error type of every construction site', () => {
  it.each<[string, () => unknown, Wire & { as: string }]>([
    ['upstream 400', () => upstreamStatusError('openai', 400, { message: 'bad', param: 'temperature' }, null), { status: 400, type: 'invalid_request_error', code: null, param: 'temperature', as: 'invalid_request/provider' }],
    ['upstream 401', () => upstreamStatusError('anthropic', 401, info('authentication_error'), null), { status: 401, type: 'authentication_error', code: 'authentication_error', param: null, as: 'authentication/provider' }],
    ['upstream 402', () => upstreamStatusError('anthropic', 402, info('billing_error'), null), { status: 402, type: 'invalid_request_error', code: 'billing_error', param: null, as: 'invalid_request/provider' }],
    ['upstream 403', () => upstreamStatusError('anthropic', 403, info('permission_error'), null), { status: 403, type: 'permission_error', code: 'permission_error', param: null, as: 'permission/provider' }],
    ['upstream 404', () => upstreamStatusError('openai', 404, { message: 'no model', code: 'model_not_found' }, null), { status: 404, type: 'not_found_error', code: 'model_not_found', param: null, as: 'not_found/provider' }],
    ['upstream 408', () => upstreamStatusError('openai', 408, {}, null), { status: 408, type: 'invalid_request_error', code: null, param: null, as: 'invalid_request/provider' }],
    ['upstream 413', () => upstreamStatusError('anthropic', 413, info('request_too_large'), null), { status: 413, type: 'invalid_request_error', code: 'request_too_large', param: null, as: 'request_too_large/provider' }],
    ['upstream 422', () => upstreamStatusError('openai', 422, {}, null), { status: 422, type: 'invalid_request_error', code: null, param: null, as: 'invalid_request/provider' }],
    ['upstream 429', () => upstreamStatusError('gemini', 429, { message: 'quota', type: 'RESOURCE_EXHAUSTED', code: 'RESOURCE_EXHAUSTED' }, '3'), { status: 429, type: 'rate_limit_error', code: 'RESOURCE_EXHAUSTED', param: null, as: 'rate_limit/provider' }],
    ['upstream 500', () => upstreamStatusError('openai', 500, {}, null), { status: 502, type: 'upstream_error', code: 'upstream_error', param: null, as: 'upstream/provider' }],
    ['upstream 503', () => upstreamStatusError('openai', 503, {}, null), { status: 503, type: 'upstream_error', code: 'upstream_overloaded', param: null, as: 'overloaded/provider' }],
    ['upstream 529', () => upstreamStatusError('anthropic', 529, info('overloaded_error'), null), { status: 503, type: 'upstream_error', code: 'upstream_overloaded', param: null, as: 'overloaded/provider' }],
    ['stream: overloaded_error', () => anthropicReportedError(info('overloaded_error')), { status: 503, type: 'upstream_error', code: 'overloaded_error', param: null, as: 'overloaded/provider' }],
    ['stream: api_error', () => anthropicReportedError(info('api_error')), { status: 502, type: 'upstream_error', code: 'api_error', param: null, as: 'upstream/provider' }],
    ['stream: rate_limit_error', () => anthropicReportedError(info('rate_limit_error')), { status: 429, type: 'rate_limit_error', code: 'rate_limit_error', param: null, as: 'rate_limit/provider' }],
    ['stream: timeout_error', () => anthropicReportedError(info('timeout_error')), { status: 502, type: 'upstream_error', code: 'timeout_error', param: null, as: 'upstream/provider' }],
    ['unreachable', () => upstreamUnreachable('openai', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), { status: 503, type: 'upstream_error', code: 'upstream_unreachable', param: null, as: 'upstream/provider' }],
    ['timeout', () => upstreamTimeout('openai', 1_000, 'response'), { status: 504, type: 'timeout_error', code: 'upstream_timeout', param: null, as: 'timeout/provider' }],
    ['stream cut', () => upstreamStreamCut('openai'), { status: 502, type: 'upstream_error', code: 'upstream_stream_incomplete', param: null, as: 'upstream/provider' }],
    ['bad response', () => upstreamBadResponse('openai', 'not JSON'), { status: 502, type: 'upstream_error', code: 'upstream_bad_response', param: null, as: 'upstream/provider' }],
    ['client closed', () => clientClosedRequest(), { status: 499, type: 'invalid_request_error', code: 'client_closed_request', param: null, as: 'cancelled/caller' }],
    ['invalidRequest', () => invalidRequest('bad', 'n', 'invalid_value'), { status: 400, type: 'invalid_request_error', code: 'invalid_value', param: 'n', as: 'invalid_request/caller' }],
    ['request_too_large', () => requestTooLarge(10), { status: 413, type: 'invalid_request_error', code: 'request_too_large', param: null, as: 'request_too_large/caller' }],
    ['invalid_api_key', () => thrown(() => createAuthenticator(['key'])({ authorization: 'Bearer other' })), { status: 401, type: 'invalid_request_error', code: 'invalid_api_key', param: null, as: 'authentication/caller' }],
    [
      'model_not_allowed',
      () => thrown(() => assertModelAllowed({ kind: 'target', candidates: [{ target: targetFor(A), role: 'requested' }] }, A, { allows: () => false })),
      { status: 403, type: 'invalid_request_error', code: 'model_not_allowed', param: 'model', as: 'permission/caller' },
    ],
    ['model_not_found (resolver)', () => thrown(() => resolver.resolve('nobody/model')), { status: 404, type: 'invalid_request_error', code: 'model_not_found', param: 'model', as: 'not_found/caller' }],
  ])('%s', (_site, make, expected) => {
    expect(wire(make())).toEqual(expected);
  });

  it.each<[string, () => Promise<unknown>, Wire & { as: string }]>([
    ['model_not_found (GET /v1/models/{id})', () => createModelRoutes(fullConfig).retrieve('nobody/model'), { status: 404, type: 'invalid_request_error', code: 'model_not_found', param: 'model', as: 'not_found/caller' }],
    [
      'jobs_unavailable',
      () => createJobRoutes({ backend: undefined, admit: () => {}, logger: silentLogger, allowLoopbackCallbacks: false }).list(request('GET', '/v1/jobs'), routeContext),
      { status: 503, type: 'server_error', code: 'jobs_unavailable', param: null, as: 'unavailable/gateway' },
    ],
    ['no_target', () => route([]), { status: 503, type: 'upstream_error', code: 'no_target', param: null, as: 'overloaded/gateway' }],
    ['route deadline', () => route([A], { deadline: AT }), { status: 504, type: 'timeout_error', code: 'route_deadline_exceeded', param: null, as: 'timeout/gateway' }],
    [
      'circuit_open',
      () => {
        const breakers = createCircuitBreakers({ now: () => AT });
        for (let i = 0; i < 5; i += 1) breakers.record(A, false);
        return route([A], { breakers });
      },
      { status: 503, type: 'upstream_error', code: 'circuit_open', param: null, as: 'overloaded/gateway' },
    ],
  ])('%s', async (_site, make, expected) => {
    expect(wire(await rejected(make()))).toEqual(expected);
  });

  it.each<[string, string, string, Wire]>([
    ['internal_error', 'GET', '/v1/health', { status: 500, type: 'server_error', code: 'internal_error', param: null }],
    ['unknown_url', 'GET', '/v1/nothing', { status: 404, type: 'invalid_request_error', code: 'unknown_url', param: null }],
    ['method_not_allowed', 'PUT', '/v1/models', { status: 405, type: 'invalid_request_error', code: 'method_not_allowed', param: null }],
  ])('%s, as the error boundary answers it', async (_site, method, path, expected) => {
    expect(await answered(method, path)).toEqual(expected);
  });

  it('a failure while streaming, as its SSE error frame', () => {
    const frame = createOpenAISseEncoder({ includeUsage: false, modelName: (model) => model }).encode({ type: 'error', error: streamFailure(new TypeError('a bug')) });
    expect(JSON.parse(frame.slice('data: '.length))).toMatchObject({ error: { type: 'server_error', code: null, param: null } });
  });
});

describe('openAIErrorType', () => {
  // Every kind and fault that some construction site makes (above), and the OpenAI type each renders as.
  it.each<[ErrorKind, Fault, string]>([
    ['invalid_request', 'caller', 'invalid_request_error'],
    ['authentication', 'caller', 'invalid_request_error'],
    ['permission', 'caller', 'invalid_request_error'],
    ['not_found', 'caller', 'invalid_request_error'],
    ['request_too_large', 'caller', 'invalid_request_error'],
    ['cancelled', 'caller', 'invalid_request_error'],
    ['invalid_request', 'provider', 'invalid_request_error'],
    ['authentication', 'provider', 'authentication_error'],
    ['permission', 'provider', 'permission_error'],
    ['not_found', 'provider', 'not_found_error'],
    ['request_too_large', 'provider', 'invalid_request_error'],
    ['rate_limit', 'provider', 'rate_limit_error'],
    ['timeout', 'provider', 'timeout_error'],
    ['overloaded', 'provider', 'upstream_error'],
    ['upstream', 'provider', 'upstream_error'],
    ['timeout', 'gateway', 'timeout_error'],
    ['overloaded', 'gateway', 'upstream_error'],
    ['unavailable', 'gateway', 'server_error'],
    ['internal', 'gateway', 'server_error'],
  ])('%s, the fault of the %s: %s', (kind, fault, type) => {
    expect(openAIErrorType(kind, fault)).toBe(type);
  });

  it('renders the message, param and code as they are, and nothing of the provider', () => {
    const error = upstreamStatusError('anthropic', 429, { message: 'slow down', type: 'rate_limit_error' }, '2');
    expect(toOpenAIErrorBody(error)).toEqual({ error: { message: 'anthropic: slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_error' } });
  });
});

describe('CallError', () => {
  it("names the provider that caused it and keeps the provider's own error type", () => {
    expect(upstreamStatusError('anthropic', 529, info('overloaded_error'), null)).toMatchObject({ provider: 'anthropic', providerType: 'overloaded_error', upstream: true });
    expect(anthropicReportedError(info('overloaded_error'))).toMatchObject({ provider: 'anthropic', providerType: 'overloaded_error', upstream: true });
    expect(upstreamTimeout('gemini', 10, 'stream')).toMatchObject({ provider: 'gemini', providerType: undefined, upstream: true });
    expect(clientClosedRequest()).toMatchObject({ provider: undefined, upstream: false });
  });

  it("redacts the provider's error type with the rest of what a provider said, and keeps kind, fault and provider", () => {
    const error = upstreamStatusError('openai', 401, { message: 'bad key sk-secret', type: 'sk-secret_error' }, null);
    const redacted = error.redacted((text) => text.replaceAll('sk-secret', '[redacted]'));
    expect(redacted).toMatchObject({ message: 'openai: bad key [redacted]', providerType: '[redacted]_error', kind: 'authentication', fault: 'provider', provider: 'openai', status: 401 });
    expect(error.redacted((text) => text)).toBe(error);
  });
});
