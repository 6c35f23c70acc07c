/**
 * Whether a target will spend reasoning tokens (billed as output) on a request: the request asks
 * for an effort other than `none`, or names none and the model reasons by default (GPT-5, Gemini
 * 2.5 Pro; Claude thinks only when asked).
 */
import type { ChatRequest } from '../chat/chat-request-schema.ts';
import type { RouteTarget } from './route-target.ts';

export function expectsReasoning(target: Pick<RouteTarget, 'entry'>, request: Pick<ChatRequest, 'reasoning_effort'>): boolean {
  const entry = target.entry;
  if (!entry?.capabilities.includes('reasoning')) return false;
  const effort = request.reasoning_effort;
  return effort == null ? entry.reasons_by_default : effort !== 'none';
}
