import { invalidRequest } from '../core/call-error.ts';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth.ts';

/**
 * Body text into a JSON object, or the 400 that says why it is not one. Every JSON body the gateway
 * accepts comes through here, so the nesting bound holds for all of them.
 */
export function parseJsonObject(body: string): Record<string, unknown> {
  if (body.trim() === '') throw invalidRequest('The request body is empty: send a JSON request.');
  if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw invalidRequest(`The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep, the most this gateway accepts.`, null, 'json_too_deep');
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw invalidRequest(`The request body is not valid JSON: ${(error as Error).message}`, null, 'invalid_json');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidRequest('The request body must be a JSON object.', null, 'invalid_json');
  }
  return json as Record<string, unknown>;
}
