/**
 * A parsed body as a Responses request, or the 400 OpenAI would answer, naming the field as OpenAI
 * names it (`input[2].content[0].image_url`, `tools[1].name`). What the gateway cannot do is
 * refused here too, plainly, rather than half done: a background response (the gateway answers
 * while the client waits; `POST /v1/jobs` runs a call in the background) and a server-side
 * conversation object (`previous_response_id` continues a stored one).
 */
import { invalidRequest } from '../../core/call-error.ts';
import { formatPath, openAIValidationError } from '../../http/validation-issue.ts';
import { responsesRequestSchema, type ResponsesRequest } from './responses-request-schema.ts';

/** `at` is where the request sits in a larger body (`['requests', 3]` names `requests[3].input`). */
export function validateResponsesRequest(json: unknown, at: ReadonlyArray<PropertyKey> = []): ResponsesRequest {
  const named = (field: string) => formatPath([...at, field]);
  const result = responsesRequestSchema().safeParse(json);
  if (!result.success) throw openAIValidationError(result.error.issues, json, at);
  const request = result.data;
  if (request.background === true) {
    throw invalidRequest(
      "This gateway does not run responses in the background: drop 'background', or submit the request to POST /v1/jobs.",
      named('background'),
      'unsupported_parameter',
    );
  }
  if (request['conversation'] != null) {
    throw invalidRequest("This gateway keeps no conversation objects: continue a stored response with 'previous_response_id' instead.", named('conversation'), 'unsupported_parameter');
  }
  if (request.input === undefined && request.previous_response_id == null) {
    throw invalidRequest(`Missing required parameter: '${named('input')}'.`, named('input'), 'missing_required_parameter');
  }
  return request;
}
