/**
 * A rehearsal of the first request, run once during a Lambda instance's start: one streamed chat
 * completion through a gateway of its own, built as the real one is (the Function URL adapter, the
 * chat door, routing, the provider's request and its stream, the encoder), whose provider answers
 * from memory (in-memory-agents.ts, rehearsal-answer.ts).
 *
 * Why: a new instance's first request otherwise runs its whole path cold (V8 compiling each
 * function on its first call, the request schema built, zod compiling its parser), about 6 times
 * the time of the second. The rehearsal runs while the start waits for its secret and its prices,
 * during Lambda's init, which provisioned concurrency runs before any caller waits.
 *
 * It needs nothing from the secret: its configuration is the function's environment with every
 * provider key dropped, its one provider at an `.invalid` address (never resolved: the agents
 * answer in memory), and its one gateway key its own. It leaves no record: its engine has no
 * store (no health sample or breaker state is written, and the real engine's matrix and breakers
 * are not its) and a price of its own for its target, and its logger and metrics are silent. It
 * never throws: a failed rehearsal only means a colder first request.
 */
import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { Writable } from 'node:stream';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { createModelResolver } from '../catalog/resolve-model.ts';
import { loadConfig, type Environment, type GatewayConfig, type ProviderConfig } from '../config/load-config.ts';
import { createFunctionUrlHandler } from '../http/adapters/lambda-function-url.ts';
import { createGateway } from '../http/create-gateway.ts';
import type { HttpHandler } from '../http/http-types.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import type { PriceRow } from '../pricing/model-price.ts';
import { createPriceBook } from '../pricing/price-book.ts';
import { createRoutingEngine } from '../routing/routing-engine.ts';
import { createInMemoryAgents, type Respond } from './in-memory-agents.ts';
import { rehearsalAnswer } from './rehearsal-answer.ts';

/** The provider the rehearsal's request goes to: its answer is in that provider's wire format. */
const REHEARSAL_PROVIDER = 'openai';
/** Reserved never to resolve (RFC 2606): were the in-memory agents bypassed, the call would fail at DNS. */
const REHEARSAL_BASE_URL = 'http://rehearsal.invalid/v1';
/** The rehearsal gateway's only key; it is nothing to the real gateway. */
const REHEARSAL_KEY = 'sk-switchyard-rehearsal';
/** It takes tens of milliseconds: a start never waits for it longer than this (Lambda's init has 10 s). */
const REHEARSAL_TIME_LIMIT_MS = 2_000;

export interface RehearsalOptions {
  /** How long the start waits for the rehearsal before it goes on without it. */
  timeLimitMs?: number;
  /** The in-memory provider's answer: rehearsal-answer.ts's. */
  answer?: Respond;
}

export interface RehearsalOutcome {
  /** The rehearsal gateway's status, or undefined when it could not run (nothing to rehearse, or it threw). */
  status: number | undefined;
  /** Who the rehearsal gateway says served (`x-switchyard-provider`). */
  provider: string | undefined;
  /** How it says it routed (`x-switchyard-route`): its target priced, as the real engine's are. */
  route: string | undefined;
  /** Whether the response stream ended as a whole chat stream does, with `data: [DONE]`. */
  completed: boolean;
}

type StreamingHandler = (event: LambdaFunctionURLEvent, responseStream: Writable, context: Context) => Promise<void>;

const silentLogger: GatewayLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export async function rehearseFirstRequest(env: Environment, logger: GatewayLogger, options: RehearsalOptions = {}): Promise<RehearsalOutcome> {
  const { timeLimitMs = REHEARSAL_TIME_LIMIT_MS, answer = rehearsalAnswer } = options;
  const outcome: RehearsalOutcome = { status: undefined, provider: undefined, route: undefined, completed: false };
  // Let the start's own reads go out first.
  await setImmediate();
  try {
    const rehearsalConfig = configForRehearsal(loadConfig({ ...env, SWITCHYARD_API_KEYS: REHEARSAL_KEY }));
    const model = rehearsalConfig.catalog.models.find((entry) => entry.id.startsWith(`${REHEARSAL_PROVIDER}/`) && !entry.reasons_by_default)?.id;
    if (!model) {
      logger.debug('warm-up: nothing to rehearse, as the catalog has no OpenAI model that answers without reasoning');
      return outcome;
    }
    // Priced, as the real engine's targets are once its prices are in: routing and the route's
    // explanation then run their pricing paths (the real prices are still on their way).
    const engine = createRoutingEngine({ config: rehearsalConfig, resolver: createModelResolver(rehearsalConfig.catalog), logger: silentLogger }, (targets) =>
      createPriceBook({ rows: targets.map(rehearsalPrice) }),
    );
    const gateway = createGateway(rehearsalConfig, {
      logger: silentLogger,
      engine,
      metrics: { enabled: false, publish: () => {} },
      providerAgents: createInMemoryAgents(answer),
    });
    const observed: HttpHandler = async (request) => {
      const response = await gateway(request);
      outcome.status = response.status;
      outcome.provider = response.headers['x-switchyard-provider'];
      outcome.route = response.headers['x-switchyard-route'];
      return response;
    };
    // middy's types describe a handler of (event, context); in streaming mode Lambda calls it with the response stream between.
    const handler = createFunctionUrlHandler(observed, { maxRequestBytes: rehearsalConfig.maxRequestBytes }) as unknown as StreamingHandler;
    const sink = new DiscardedResponse();
    const served = handler(rehearsalEvent(model), sink, rehearsalContext);
    const limit = new AbortController();
    const late = sleep(timeLimitMs, true, { ref: false, signal: limit.signal }).catch(() => false);
    const timedOut = await Promise.race([served.then(() => false), late]);
    limit.abort();
    if (timedOut) {
      // Ends the response stream, and with it the rehearsal's exchange with its provider.
      sink.destroy();
      served.catch(() => {});
      logger.debug(`warm-up: the rehearsal took longer than ${timeLimitMs} ms; the start goes on without it`);
      return outcome;
    }
    outcome.completed = sink.tail.endsWith(STREAM_END);
    if (!outcome.completed) logger.debug('warm-up: the rehearsal did not complete', { status: outcome.status });
  } catch (error) {
    logger.debug('warm-up: the rehearsal failed', { error: error as Error });
  }
  return outcome;
}

/** Any price will do: the rehearsal's costs are never shown or kept. */
const rehearsalPrice = (target: string): PriceRow => ({
  target,
  validFrom: 0,
  source: 'catalog',
  inputPerMTok: 1,
  outputPerMTok: 4,
  cachedInputPerMTok: 0.25,
  cacheWritePerMTok: 0,
  batchDiscount: 0.5,
  flexDiscount: 0,
});

/** The same settings, with the rehearsal's provider the only one configured and no key of the deployment's. */
export function configForRehearsal(config: GatewayConfig): GatewayConfig {
  const providers = new Map<string, ProviderConfig>();
  for (const [id, provider] of config.providers) {
    providers.set(id, id === REHEARSAL_PROVIDER ? { ...provider, configured: true, apiKey: undefined, baseUrl: REHEARSAL_BASE_URL } : { ...provider, configured: false, apiKey: undefined });
  }
  return { ...config, gatewayKeys: [REHEARSAL_KEY], keyPolicies: new Map(), providers };
}

function rehearsalEvent(model: string): LambdaFunctionURLEvent {
  const body = JSON.stringify({
    model,
    stream: true,
    messages: [
      { role: 'system', content: 'Answer in one word.' },
      { role: 'user', content: 'Are you ready?' },
    ],
  });
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/chat/completions',
    rawQueryString: '',
    headers: { authorization: `Bearer ${REHEARSAL_KEY}`, 'content-type': 'application/json' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'rehearsal',
      domainName: 'rehearsal.invalid',
      domainPrefix: 'rehearsal',
      http: { method: 'POST', path: '/v1/chat/completions', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'switchyard-rehearsal' },
      requestId: 'rehearsal',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/1970:00:00:00 +0000',
      timeEpoch: 0,
    },
    body,
    isBase64Encoded: false,
  };
}

const rehearsalContext = { awsRequestId: 'rehearsal', functionName: 'rehearsal', getRemainingTimeInMillis: () => 60_000 } as Context;

const STREAM_END = 'data: [DONE]\n\n';

/** Takes the response as the runtime's response stream does, and keeps only its end. */
class DiscardedResponse extends Writable {
  tail = '';
  /** The runtime's `HttpResponseStream.from` sets the prelude's content type on the stream it is given. */
  setContentType(_type: string): void {}
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.tail = (this.tail + chunk.toString()).slice(-STREAM_END.length);
    callback();
  }
}
