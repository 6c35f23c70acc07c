/**
 * POST /v1/responses, the OpenAI Responses front door (Codex, the Agents SDK, `client.responses`):
 * continue the stored conversation the request names, decode the whole into a call, serve it as
 * every door does (serve/serve-call.ts), and answer as a Response object or its event stream. When
 * the target speaks Responses itself (OpenAI), its answer goes back as it sent it; otherwise the
 * neutral answer is encoded. A response is stored unless the request says `store: false` (a stream
 * once it completed), so a later `previous_response_id` continues it on any provider.
 */
import { CallError } from '../../core/call-error.ts';
import { isJsonObject } from '../../core/is-json-object.ts';
import { decodeResponsesRequest } from '../../ingress/openai-responses/decode.ts';
import { encodeFinal } from '../../ingress/openai-responses/encode-final.ts';
import { createResponsesSseEncoder } from '../../ingress/openai-responses/encode-stream.ts';
import { expandInput, type Item } from '../../ingress/openai-responses/expand-input.ts';
import { responsesErrorFrame } from '../../ingress/openai-responses/render-stream-error.ts';
import { newId } from '../../ingress/openai-responses/response-ids.ts';
import { validateResponsesRequest } from '../../ingress/openai-responses/validate-responses-request.ts';
import { watchNativeStream } from '../../ingress/openai-responses/watch-native-stream.ts';
import { encodeBatches } from '../../ingress/encode-batches.ts';
import { passThroughStream } from '../../ingress/pass-through-stream.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import type { ResponseStore, StoredResponse } from '../../responses/response-store.ts';
import { readRoutingPreferences, ROUTING_EXTENSION_FIELD } from '../../routing/routing-preferences.ts';
import type { ServeCall } from '../../serve/serve-call.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseJsonObject } from '../parse-json-object.ts';
import type { RouteContext } from './route-context.ts';
import { responseStoreUnavailable } from './stored-responses.ts';
import { ownerOf } from '../../routing/caller.ts';

export interface ResponsesRouteDeps {
  serve: ServeCall;
  /** Without one (no responses table), nothing is stored, and continuing a stored response is a 503. */
  store: ResponseStore | undefined;
  logger: GatewayLogger;
}

const ENCRYPTED_REASONING = 'reasoning.encrypted_content';

export function createResponsesRoute({ serve, store, logger }: ResponsesRouteDeps) {
  return async (request: HttpRequest, route: RouteContext): Promise<HttpResponse> => {
    const { [ROUTING_EXTENSION_FIELD]: extension, ...sent } = parseJsonObject(request.body);
    const asked = validateResponsesRequest(sent);
    const owner = ownerOf(route.caller);
    const previous = asked.previous_response_id != null ? await loadPrevious(store, asked.previous_response_id, owner) : undefined;
    const expanded = expandInput(sent, previous?.conversation);
    const whole = expanded.body === sent ? asked : validateResponsesRequest(expanded.body);
    const { call, origins } = decodeResponsesRequest(whole, readRoutingPreferences(request.headers, extension), expanded.body);
    const keep = store !== undefined && asked.store !== false;
    const encodeOptions = { request: asked, id: newId('resp'), origins, keepReasoning: keep || asked.include?.includes(ENCRYPTED_REASONING) === true };

    /** Stores the turn; a failure to is logged, and the answer still goes out. */
    const remember = async (response: unknown) => {
      if (!keep || !isJsonObject(response) || typeof response['id'] !== 'string') return;
      const output: Item[] = Array.isArray(response['output']) ? response['output'].filter(isJsonObject) : [];
      const createdAt = typeof response['created_at'] === 'number' ? response['created_at'] : Math.floor(Date.now() / 1000);
      try {
        await store.put({ id: response['id'], owner, createdAt, response, inputItems: expanded.items, conversation: [...(previous?.conversation ?? []), ...expanded.items, ...output] });
      } catch (error) {
        logger.error('Could not store a response', { requestId: route.requestId, error: error as Error });
      }
    };

    const served = await serve(call, { signal: request.signal, route, passThrough: true });
    if (!served.stream) {
      const response = served.native ? served.body : encodeFinal(served.result, { ...encodeOptions, modelName: served.modelName });
      await remember(response);
      return jsonResponse(200, response, served.headers);
    }
    let body: AsyncGenerator<string>;
    let finished: () => unknown;
    if (served.native) {
      const watch = watchNativeStream(served.events);
      body = passThroughStream(watch.batches, (error: CallError) => responsesErrorFrame(error, watch.nextSequence));
      finished = () => watch.response;
    } else {
      const encoder = createResponsesSseEncoder({ ...encodeOptions, modelName: served.modelName });
      body = encodeBatches(served.events, encoder);
      finished = () => encoder.response;
    }
    return {
      status: 200,
      headers: { ...served.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body: thenRemember(body, () => remember(finished())),
    };
  };
}

async function* thenRemember(frames: AsyncGenerator<string>, remember: () => Promise<void>): AsyncGenerator<string> {
  yield* frames;
  await remember();
}

/** Another key's response is not found either, as OpenAI answers an id it does not have. */
async function loadPrevious(store: ResponseStore | undefined, id: string, owner: string): Promise<StoredResponse> {
  if (!store) throw responseStoreUnavailable();
  const stored = await store.get(id, owner);
  if (stored) return stored;
  throw new CallError({
    status: 404,
    kind: 'not_found',
    fault: 'caller',
    code: 'previous_response_not_found',
    param: 'previous_response_id',
    message: `Previous response with id '${id}' not found.`,
  });
}
