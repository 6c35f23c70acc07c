/**
 * The Responses door's stored responses, in OpenAI's shapes: GET /v1/responses/{id} (the Response
 * as it was returned), DELETE /v1/responses/{id} (`{id, object: "response", deleted: true}`), GET
 * /v1/responses/{id}/input_items (a cursor list). A stored response belongs to the key that
 * created it (routing/caller.ts's ownerOf): another key's is the same 404 as an unknown id, so ids
 * reveal nothing. POST /v1/responses writes what these read (responses/response-store.ts).
 */
import { CallError, invalidRequest } from '../../core/call-error.ts';
import type { ResponseStore, StoredResponse } from '../../responses/response-store.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseListLimit } from '../list-limit.ts';
import type { RouteContext } from './route-context.ts';
import { ownerOf } from '../../routing/caller.ts';

export interface StoredResponseRoutesDeps {
  /** Absent when the gateway runs without the responses table: these routes are then a 503. */
  store: ResponseStore | undefined;
}

/** Input items a page at most, as OpenAI's input_items has it. */
export const MAX_INPUT_ITEMS_LIMIT = 100;

type Item = StoredResponse['conversation'][number];

/** The 404 of an unknown id and of another key's response alike, in OpenAI's words. */
export const responseNotFound = (id: string): CallError =>
  new CallError({ status: 404, kind: 'not_found', fault: 'caller', message: `Response with id '${id}' not found.` });

/** What a route that needs stored responses answers on a gateway without the responses table. */
export const responseStoreUnavailable = (): CallError =>
  new CallError({
    status: 503,
    kind: 'unavailable',
    fault: 'gateway',
    code: 'responses_unavailable',
    message: 'Stored responses need the responses table and the results bucket, and this gateway runs without them (RESPONSES_TABLE_NAME, RESULTS_BUCKET_NAME).',
  });

export function createStoredResponseRoutes({ store }: StoredResponseRoutesDeps) {
  const storeOf = (): ResponseStore => {
    if (store) return store;
    throw responseStoreUnavailable();
  };
  const stored = async (id: string, route: RouteContext): Promise<StoredResponse> => {
    const found = await storeOf().get(id, ownerOf(route.caller));
    if (!found) throw responseNotFound(id);
    return found;
  };

  return {
    async retrieve(request: HttpRequest, route: RouteContext, id: string): Promise<HttpResponse> {
      const stream = new URLSearchParams(request.query ?? '').get('stream');
      // The SDK asks for a stream with `stream=true` and would read JSON as events.
      if (stream !== null && stream !== 'false') {
        throw invalidRequest(`Invalid value for 'stream': a stored response is returned whole, not streamed again; leave stream out.`, 'stream', 'invalid_value');
      }
      return jsonResponse(200, (await stored(id, route)).response);
    },

    async delete(_request: HttpRequest, route: RouteContext, id: string): Promise<HttpResponse> {
      if (!(await storeOf().delete(id, ownerOf(route.caller)))) throw responseNotFound(id);
      return jsonResponse(200, { id, object: 'response', deleted: true });
    },

    async inputItems(request: HttpRequest, route: RouteContext, id: string): Promise<HttpResponse> {
      const query = new URLSearchParams(request.query ?? '');
      const limit = parseListLimit(query.get('limit'), MAX_INPUT_ITEMS_LIMIT);
      const order = parseOrder(query.get('order'));
      const after = query.get('after');
      const items = inputItemsOf(await stored(id, route));
      if (order === 'desc') items.reverse();
      let start = 0;
      if (after !== null) {
        const index = items.findIndex((item) => item.id === after);
        if (index < 0) throw invalidRequest(`Invalid value for 'after': the response '${id}' has no input item with the id ${JSON.stringify(after)}.`, 'after', 'invalid_value');
        start = index + 1;
      }
      const data = items.slice(start, start + limit);
      return jsonResponse(200, {
        object: 'list',
        data,
        first_id: data[0]?.id ?? null,
        last_id: data[data.length - 1]?.id ?? null,
        has_more: start + limit < items.length,
      });
    },
  };
}

function parseOrder(raw: string | null): 'asc' | 'desc' {
  if (raw === null) return 'desc';
  if (raw === 'asc' || raw === 'desc') return raw;
  throw invalidRequest(`Invalid value for 'order': asc or desc, not ${JSON.stringify(raw)}.`, 'order', 'invalid_value');
}

/**
 * The items the response was generated from, oldest first, as OpenAI lists them for a response
 * that continued another (`previous_response_id`): the earlier turns' input and output items, then
 * this request's input; that is, the conversation without this response's own output.
 */
function inputItemsOf({ response, conversation }: StoredResponse): Item[] {
  const output = Array.isArray(response.output) ? (response.output as unknown[]) : [];
  const outputIds = new Set(output.map((item) => (item as { id?: unknown } | null)?.id).filter((id) => typeof id === 'string'));
  return conversation.filter((item) => !(typeof item.id === 'string' && outputIds.has(item.id)));
}
