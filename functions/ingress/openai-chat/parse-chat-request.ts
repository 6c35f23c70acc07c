/**
 * Request body text into a validated ChatRequest, or a 400 that names the offending field the way
 * OpenAI does (`messages[2].content`), so the client can fix it without guessing.
 */
import { chatRequestSchema, type ChatRequest } from './chat-request-schema.ts';
import { invalidRequest } from '../../core/call-error.ts';
import { parseJsonObject } from '../../http/parse-json-object.ts';
import { describeIssue, formatPath, mostSpecificIssue, valueAt } from '../../http/validation-issue.ts';

export function parseChatRequest(body: string): ChatRequest {
  return validateChatRequest(parseJsonObject(body));
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
