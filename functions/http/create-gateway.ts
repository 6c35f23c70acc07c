/**
 * The gateway's HTTP layer, written once for both transports: authentication, routing, the error
 * boundary that turns every failure into OpenAI's error shape, and one log line and one set of
 * metrics per request.
 */
import { randomUUID } from 'node:crypto';
import { createModelResolver } from '../catalog/resolve-model.ts';
import type { Agents } from '../net/send-request.ts';
import { createChatService } from '../serve/chat-service.ts';
import { providerKeys, type GatewayConfig } from '../config/load-config.ts';
import type { Usage } from '../core/stream-event.ts';
import type { JobsBackend } from '../jobs/api/submit-jobs.ts';
import type { ResponseStore } from '../responses/response-store.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { createMetrics, METRICS_SERVICES, type MetricsPublisher } from '../observability/metrics.ts';
import { createRequestLogLine } from '../observability/request-log-line.ts';
import { createRequestMetrics } from '../observability/request-metrics.ts';
import { createAuthenticator } from './authenticate.ts';
import { CallError } from '../core/call-error.ts';
import type { HttpHandler, HttpRequest, HttpResponse } from './http-types.ts';
import { createRedactor } from './redact-secrets.ts';
import type { Sleep } from '../routing/abortable-sleep.ts';
import { callerOf } from '../routing/caller.ts';
import type { RoutingEngine } from '../routing/routing-engine.ts';
import { createChatCompletionsRoute } from './routes/chat-completions.ts';
import { createMessagesRoute } from './routes/messages.ts';
import { createResponsesRoute } from './routes/responses.ts';
import { createCountTokensRoute } from './routes/count-tokens.ts';
import { errorResponseFor } from './error-response-for.ts';
import { createServeCall, engineServeDeps } from '../serve/serve-call.ts';
import { createHealthRoute } from './routes/health.ts';
import { createJobRoutes } from './routes/jobs.ts';
import { createModelRoutes } from './routes/models.ts';
import { createStoredResponseRoutes } from './routes/stored-responses.ts';
import type { RouteAnnotations, RouteContext } from './routes/route-context.ts';

export interface GatewayOptions {
  logger: GatewayLogger;
  /**
   * The decision engine: create-table-engine.ts's in Lambda, create-engine.ts's elsewhere (which
   * works without a store). Passed in, so the gateway's bundle holds only the one it uses.
   */
  engine: RoutingEngine;
  /** Where per-request metrics go; by default EMF through Powertools, on in Lambda only. */
  metrics?: MetricsPublisher;
  /** The jobs table and queue behind /v1/jobs; without them those routes answer 503. */
  jobs?: JobsBackend;
  /**
   * The Responses door's stored responses (the responses table, large ones in the results bucket),
   * which POST /v1/responses writes and continues from and /v1/responses/{id} reads and deletes;
   * without them those routes answer 503.
   */
  responses?: ResponseStore;
  /** Job callbacks to loopback (127.0.0.1, localhost, [::1]), over http too: development and tests only. */
  allowLoopbackCallbacks?: boolean;
  /**
   * The clock the routes' deadlines, breakers and health are on, and how a retry and a Messages
   * stream's ping wait: the machine's by default; a test's own to move time itself. The engine
   * brings its own clock.
   */
  now?: () => number;
  sleep?: Sleep;
  /** The connection pools provider calls go through: Node's global ones when not given. */
  providerAgents?: Agents;
}

type Route = (request: HttpRequest, context: RouteContext, match: string) => Promise<HttpResponse>;

interface RouteEntry {
  pattern: RegExp;
  methods: Readonly<Record<string, Route>>;
}

export function createGateway(config: GatewayConfig, options: GatewayOptions): HttpHandler {
  const { logger } = options;
  const authenticate = createAuthenticator(config.gatewayKeys);
  // Provider errors are scrubbed as they come in (scrub-provider-errors.ts); this is the second
  // net on the way out, which also knows the gateway's own keys.
  const redact = createRedactor([...providerKeys(config.providers), ...(config.gatewayKeys === 'open' ? [] : config.gatewayKeys)]);
  const resolver = createModelResolver(config.catalog);
  const chats = createChatService({ config, resolver, logger, agents: options.providerAgents });
  const { engine } = options;
  const serve = createServeCall({
    config,
    chats,
    logger,
    redact,
    ...engineServeDeps(engine),
    ...(options.now ? { now: options.now } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const chatCompletions = createChatCompletionsRoute(serve);
  const messages = createMessagesRoute(serve, options.sleep);
  const responses = createResponsesRoute({ serve, store: options.responses, logger });
  const countTokens = createCountTokensRoute(resolver, logger);
  const health = createHealthRoute({ health: engine.health, breakerState: (target) => engine.breakers.view(target) });
  const models = createModelRoutes(config);
  const storedResponses = createStoredResponseRoutes({ store: options.responses });
  const jobs = createJobRoutes({ backend: options.jobs, admit: engine.router.admit, logger, allowLoopbackCallbacks: options.allowLoopbackCallbacks ?? false });
  const logRequest = createRequestLogLine(logger);
  const recordMetrics = createRequestMetrics(options.metrics ?? createMetrics({ service: METRICS_SERVICES.gateway, logger }), config.catalog);

  const routes: RouteEntry[] = [
    // Clients that check their base URL first (Claude Code has done so) get an empty 200, authenticated like the rest.
    { pattern: /^\/$/, methods: { HEAD: () => Promise.resolve({ status: 200, headers: {}, body: '' }) } },
    { pattern: /^\/v1\/chat\/completions$/, methods: { POST: chatCompletions } },
    { pattern: /^\/v1\/messages$/, methods: { POST: messages } },
    { pattern: /^\/v1\/responses$/, methods: { POST: responses } },
    { pattern: /^\/v1\/messages\/count_tokens$/, methods: { POST: countTokens } },
    { pattern: /^\/v1\/models$/, methods: { GET: () => models.list() } },
    { pattern: /^\/v1\/health$/, methods: { GET: (_request, context) => health(context.caller) } },
    { pattern: /^\/v1\/models\/(.+)$/, methods: { GET: (_request, _context, id) => models.retrieve(decodePathSegment(id)) } },
    { pattern: /^\/v1\/jobs$/, methods: { POST: jobs.submit, GET: jobs.list } },
    {
      pattern: /^\/v1\/jobs\/([^/]+)$/,
      methods: {
        GET: (request, context, id) => jobs.retrieve(request, context, decodePathSegment(id)),
        DELETE: (request, context, id) => jobs.cancel(request, context, decodePathSegment(id)),
      },
    },
    {
      pattern: /^\/v1\/responses\/([^/]+)$/,
      methods: {
        GET: (request, context, id) => storedResponses.retrieve(request, context, decodePathSegment(id)),
        DELETE: (request, context, id) => storedResponses.delete(request, context, decodePathSegment(id)),
      },
    },
    {
      pattern: /^\/v1\/responses\/([^/]+)\/input_items$/,
      methods: { GET: (request, context, id) => storedResponses.inputItems(request, context, decodePathSegment(id)) },
    },
  ];

  return async (request) => {
    const requestId = `req_${randomUUID().replaceAll('-', '')}`;
    const startedAt = performance.now();
    const fields: RouteAnnotations = {};
    let streaming = false;
    let status = 500;
    let failure: CallError | undefined;
    /** `endedAt`: when the request ended (a stream's end, which its line may be written after). */
    const log = (status: number, extra: { usage?: Usage | undefined; error?: CallError | undefined; costUsd?: number | undefined } = {}, endedAt = performance.now()) => {
      const usage = extra.usage ?? fields.usage;
      const costUsd = extra.costUsd ?? fields.costUsd;
      const latencyMs = Math.round(endedAt - startedAt);
      const entry = {
        requestId,
        method: request.method,
        path: request.path,
        status,
        provider: fields.provider,
        model: fields.model,
        latencyMs,
        ...(usage ? { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedInputTokens: usage.cachedInputTokens } : {}),
        ...(costUsd !== undefined ? { costUsd } : {}),
        ...(fields.candidates !== undefined ? { candidates: fields.candidates } : {}),
        ...(extra.error ? { errorCode: extra.error.code, errorStatus: extra.error.status } : {}),
      };
      if (extra.error && extra.error.status >= 500) logger.warn('request failed', entry);
      else logRequest(entry);
      // Synchronous, and never throws: one EMF line beside the log line, nothing awaited.
      recordMetrics({ status, provider: fields.provider, model: fields.model, latencyMs, usage, error: extra.error });
    };
    /**
     * The request's line and metrics, written once its response has been handed over where the
     * adapter can tell (until then its bytes wait in the socket's buffer, and the two lines are
     * synchronous writes), with the latency to `endedAt`: a stream's end, or a whole answer's.
     */
    const logOnceDelivered = (status: number, extra: Parameters<typeof log>[1], endedAt = performance.now()) => {
      if (request.whenDelivered) request.whenDelivered(() => log(status, extra, endedAt));
      else log(status, extra, endedAt);
    };
    const context: Omit<RouteContext, 'caller'> = {
      requestId,
      annotate: (more) => Object.assign(fields, more),
      finish: (outcome) => logOnceDelivered(200, outcome),
    };
    const baseHeaders = { 'x-request-id': requestId };
    const renderError = errorResponseFor(request.path);

    try {
      const caller = callerOf(authenticate(request.headers)?.keyDigest, config.keyPolicies);
      const { route, match } = matchRoute(routes, request);
      const response = await route(request, { ...context, caller }, match);
      streaming = typeof response.body !== 'string';
      status = response.status;
      response.headers = { ...baseHeaders, ...response.headers };
      return response;
    } catch (thrown) {
      const error = (thrown instanceof CallError ? thrown : internalError(thrown, requestId, logger)).redacted(redact);
      status = error.status;
      failure = error;
      // No provider served an error: the targets tried are in x-switchyard-route, the last one in the log.
      return renderError(error, baseHeaders);
    } finally {
      // A stream logs itself when it ends (RouteContext.finish); everything else ends here.
      if (!streaming) logOnceDelivered(status, { error: failure });
    }
  };
}

function matchRoute(routes: readonly RouteEntry[], request: HttpRequest): { route: Route; match: string } {
  for (const { pattern, methods } of routes) {
    const match = pattern.exec(request.path);
    if (!match) continue;
    const route = methods[request.method];
    if (!route) {
      throw new CallError({
        status: 405,
        kind: 'invalid_request',
        fault: 'caller',
        code: 'method_not_allowed',
        message: `${request.method} is not supported on ${request.path}; use ${Object.keys(methods).join(', ')}.`,
        headers: { allow: Object.keys(methods).join(', ') },
      });
    }
    return { route, match: match[1] ?? '' };
  }
  throw new CallError({
    status: 404,
    kind: 'not_found',
    fault: 'caller',
    code: 'unknown_url',
    message: `Unknown request URL: ${request.method} ${request.path}.`,
  });
}

/** A malformed percent-escape names no model: it is looked up as written, and not found. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function internalError(cause: unknown, requestId: string, logger: GatewayLogger): CallError {
  logger.error('unhandled error', { requestId, error: cause as Error });
  return new CallError({
    status: 500,
    kind: 'internal',
    fault: 'gateway',
    code: 'internal_error',
    message: `The gateway failed unexpectedly (request ${requestId}).`,
    cause,
  });
}
