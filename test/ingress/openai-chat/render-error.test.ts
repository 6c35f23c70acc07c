/**
 * The OpenAI error each construction site answers with: status, `type`, `code` and `param` on the
 * wire, site by site, made the way the gateway makes them (exported factories, or the route, router
 * and gateway that hold the private ones).
 */
import { describe, expect, it } from 'vitest';
import { createOpenAISseEncoder } from '../../../functions/chat/encode-openai-sse.ts';
import { assertModelAllowed } from '../../../functions/routing/model-not-allowed.ts';
import { createAuthenticator } from '../../../functions/http/authenticate.ts';
import { requestTooLarge } from '../../../functions/http/adapters/request-too-large.ts';
import { createGateway } from '../../../functions/http/create-gateway.ts';
import { GatewayError, invalidRequest } from '../../../functions/http/gateway-error.ts';
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

/** What the OpenAI door sends for an error thrown inside the gateway. */
function wire(error: unknown): Wire {
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  const { type, code, param } = error.toJSON().error;
  return { status: error.status, type, code, param };
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
  it.each<[string, () => unknown, Wire]>([
    ['upstream 400', () => upstreamStatusError('openai', 400, { message: 'bad', param: 'temperature' }, null), { status: 400, type: 'invalid_request_error', code: null, param: 'temperature' }],
    ['upstream 401', () => upstreamStatusError('anthropic', 401, info('authentication_error'), null), { status: 401, type: 'authentication_error', code: 'authentication_error', param: null }],
    ['upstream 402', () => upstreamStatusError('anthropic', 402, info('billing_error'), null), { status: 402, type: 'invalid_request_error', code: 'billing_error', param: null }],
    ['upstream 403', () => upstreamStatusError('anthropic', 403, info('permission_error'), null), { status: 403, type: 'permission_error', code: 'permission_error', param: null }],
    ['upstream 404', () => upstreamStatusError('openai', 404, { message: 'no model', code: 'model_not_found' }, null), { status: 404, type: 'not_found_error', code: 'model_not_found', param: null }],
    ['upstream 408', () => upstreamStatusError('openai', 408, {}, null), { status: 408, type: 'invalid_request_error', code: null, param: null }],
    ['upstream 413', () => upstreamStatusError('anthropic', 413, info('request_too_large'), null), { status: 413, type: 'invalid_request_error', code: 'request_too_large', param: null }],
    ['upstream 422', () => upstreamStatusError('openai', 422, {}, null), { status: 422, type: 'invalid_request_error', code: null, param: null }],
    ['upstream 429', () => upstreamStatusError('gemini', 429, { message: 'quota', type: 'RESOURCE_EXHAUSTED', code: 'RESOURCE_EXHAUSTED' }, '3'), { status: 429, type: 'rate_limit_error', code: 'RESOURCE_EXHAUSTED', param: null }],
    ['upstream 500', () => upstreamStatusError('openai', 500, {}, null), { status: 502, type: 'upstream_error', code: 'upstream_error', param: null }],
    ['upstream 503', () => upstreamStatusError('openai', 503, {}, null), { status: 503, type: 'upstream_error', code: 'upstream_overloaded', param: null }],
    ['upstream 529', () => upstreamStatusError('anthropic', 529, info('overloaded_error'), null), { status: 503, type: 'upstream_error', code: 'upstream_overloaded', param: null }],
    ['stream: overloaded_error', () => anthropicReportedError(info('overloaded_error')), { status: 503, type: 'upstream_error', code: 'overloaded_error', param: null }],
    ['stream: api_error', () => anthropicReportedError(info('api_error')), { status: 502, type: 'upstream_error', code: 'api_error', param: null }],
    ['stream: rate_limit_error', () => anthropicReportedError(info('rate_limit_error')), { status: 429, type: 'rate_limit_error', code: 'rate_limit_error', param: null }],
    ['stream: timeout_error', () => anthropicReportedError(info('timeout_error')), { status: 502, type: 'upstream_error', code: 'timeout_error', param: null }],
    ['unreachable', () => upstreamUnreachable('openai', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), { status: 503, type: 'upstream_error', code: 'upstream_unreachable', param: null }],
    ['timeout', () => upstreamTimeout('openai', 1_000, 'response'), { status: 504, type: 'timeout_error', code: 'upstream_timeout', param: null }],
    ['stream cut', () => upstreamStreamCut('openai'), { status: 502, type: 'upstream_error', code: 'upstream_stream_incomplete', param: null }],
    ['bad response', () => upstreamBadResponse('openai', 'not JSON'), { status: 502, type: 'upstream_error', code: 'upstream_bad_response', param: null }],
    ['client closed', () => clientClosedRequest(), { status: 499, type: 'invalid_request_error', code: 'client_closed_request', param: null }],
    ['invalidRequest', () => invalidRequest('bad', 'n', 'invalid_value'), { status: 400, type: 'invalid_request_error', code: 'invalid_value', param: 'n' }],
    ['request_too_large', () => requestTooLarge(10), { status: 413, type: 'invalid_request_error', code: 'request_too_large', param: null }],
    ['invalid_api_key', () => thrown(() => createAuthenticator(['key'])({ authorization: 'Bearer other' })), { status: 401, type: 'invalid_request_error', code: 'invalid_api_key', param: null }],
    [
      'model_not_allowed',
      () => thrown(() => assertModelAllowed({ kind: 'target', candidates: [{ target: targetFor(A), role: 'requested' }] }, A, { allows: () => false })),
      { status: 403, type: 'invalid_request_error', code: 'model_not_allowed', param: 'model' },
    ],
    ['model_not_found (resolver)', () => thrown(() => resolver.resolve('nobody/model')), { status: 404, type: 'invalid_request_error', code: 'model_not_found', param: 'model' }],
  ])('%s', (_site, make, expected) => {
    expect(wire(make())).toEqual(expected);
  });

  it.each<[string, () => Promise<unknown>, Wire]>([
    ['model_not_found (GET /v1/models/{id})', () => createModelRoutes(fullConfig).retrieve('nobody/model'), { status: 404, type: 'invalid_request_error', code: 'model_not_found', param: 'model' }],
    [
      'jobs_unavailable',
      () => createJobRoutes({ backend: undefined, admit: () => {}, logger: silentLogger, allowLoopbackCallbacks: false }).list(request('GET', '/v1/jobs'), routeContext),
      { status: 503, type: 'server_error', code: 'jobs_unavailable', param: null },
    ],
    ['no_target', () => route([]), { status: 503, type: 'upstream_error', code: 'no_target', param: null }],
    ['route deadline', () => route([A], { deadline: AT }), { status: 504, type: 'timeout_error', code: 'route_deadline_exceeded', param: null }],
    [
      'circuit_open',
      () => {
        const breakers = createCircuitBreakers({ now: () => AT });
        for (let i = 0; i < 5; i += 1) breakers.record(A, false);
        return route([A], { breakers });
      },
      { status: 503, type: 'upstream_error', code: 'circuit_open', param: null },
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
    const frame = createOpenAISseEncoder({ includeUsage: false, modelName: (model) => model }).fail(new TypeError('a bug'));
    expect(JSON.parse(frame.slice('data: '.length))).toMatchObject({ error: { type: 'server_error', code: null, param: null } });
  });
});
