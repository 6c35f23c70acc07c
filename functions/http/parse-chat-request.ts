/**
 * Request body text into a validated ChatRequest, or a 400 that names the offending field the way
 * OpenAI does (`messages[2].content`), so the client can fix it without guessing.
 */
import type * as z from 'zod';
import { chatRequestSchema, type ChatRequest } from '../chat/chat-request-schema.ts';
import { invalidRequest } from '../core/call-error.ts';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth.ts';

export function parseChatRequest(body: string): ChatRequest {
  return validateChatRequest(parseJsonObject(body));
}

/**
 * Body text into a JSON object, or the 400 that says why it is not one. Every JSON body the gateway
 * accepts comes through here, so the nesting bound holds for all of them.
 */
export function parseJsonObject(body: string): Record<string, unknown> {
  if (body.trim() === '') throw invalidRequest('The request body is empty: send a JSON chat completion request.');
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

/**
 * A parsed value as a ChatRequest, or a 400 naming the field; `at` is where the request sits in a
 * larger body (`['requests', 3]` names `requests[3].messages[0].content`).
 */
export function validateChatRequest(json: unknown, at: ReadonlyArray<PropertyKey> = []): ChatRequest {
  const result = chatRequestSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = mostSpecificIssue(result.error.issues);
  const param = formatPath([...at, ...issue.path]);
  const value = valueAt(json, issue.path);
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    throw invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
  }
  throw invalidRequest(describeIssue(issue, param, value), param || null, issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_value');
}

/** `['messages', 2, 'content']` as `messages[2].content`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * For a value that matches no branch of a union (a content part, a message), the branch that got
 * furthest names the real mistake better than "invalid input" on the union itself.
 */
export function mostSpecificIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  let best = issues[0]!;
  for (const issue of issues) {
    if (issue.code !== 'invalid_union') continue;
    for (const branch of issue.errors) {
      if (branch.length === 0) continue;
      const candidate = mostSpecificIssue(branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
      if (candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best;
}

function describeIssue(issue: z.core.$ZodIssue, param: string, value: unknown): string {
  const where = param === '' ? 'the request' : `'${param}'`;
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid type for ${where}: expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${typeName(value)}.`;
    case 'invalid_union': {
      if ('note' in issue && issue.note === 'No matching discriminator') return `Invalid value for ${where}: ${JSON.stringify(value)} is not supported.`;
      const expected = [...new Set(issue.errors.flatMap((branch) => branch.flatMap((inner) => (inner.code === 'invalid_type' && inner.path.length === 0 ? [inner.expected] : []))))];
      if (expected.length > 0) return `Invalid type for ${where}: expected ${expected.join(' or ')}, got ${typeName(value)}.`;
      return `Invalid value for ${where}: it matches none of the accepted forms.`;
    }
    case 'invalid_value':
      return `Invalid value for ${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}.`;
    default:
      return `Invalid value for ${where}: ${lowerFirst(issue.message)}.`;
  }
}

/** The value at a validation issue's path in the parsed body; undefined where there is none. */
export function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const typeName = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? String(value) : typeof value;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
