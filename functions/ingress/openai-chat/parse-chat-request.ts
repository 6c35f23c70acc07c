/**
 * Request body text into a validated ChatRequest, or a 400 that names the offending field the way
 * OpenAI does (`messages[2].content`), so the client can fix it without guessing.
 */
import { chatRequestSchema, type ChatRequest } from './chat-request-schema.ts';
import { parseJsonObject } from '../../http/parse-json-object.ts';
import { openAIValidationError } from '../../http/validation-issue.ts';

export function parseChatRequest(body: string): ChatRequest {
  return validateChatRequest(parseJsonObject(body));
}

/**
 * A parsed value as a ChatRequest, or a 400 naming the field; `at` is where the request sits in a
 * larger body (`['requests', 3]` names `requests[3].messages[0].content`).
 */
export function validateChatRequest(json: unknown, at: ReadonlyArray<PropertyKey> = []): ChatRequest {
  const result = chatRequestSchema().safeParse(json);
  if (result.success) return result.data;
  throw openAIValidationError(result.error.issues, json, at);
}
