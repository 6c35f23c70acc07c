import type { UpstreamErrorInfo } from '../provider-adapter.ts';
import type { OpenAIErrorObject } from './openai-api-types.ts';

/** OpenAI's `{"error":{message,type,param,code}}`, as most compatible providers also send it. */
export function parseOpenAIErrorObject(error: OpenAIErrorObject | string | undefined): UpstreamErrorInfo {
  if (typeof error === 'string') return { message: error };
  if (!error) return {};
  const info: UpstreamErrorInfo = {};
  if (typeof error.message === 'string') info.message = error.message;
  if (typeof error.type === 'string') info.type = error.type;
  if (error.code != null) info.code = String(error.code);
  if (typeof error.param === 'string') info.param = error.param;
  return info;
}

export function parseOpenAIErrorBody(body: string): UpstreamErrorInfo {
  try {
    const parsed = JSON.parse(body) as { error?: OpenAIErrorObject | string; message?: string; detail?: unknown };
    if (parsed.error !== undefined) return parseOpenAIErrorObject(parsed.error);
    // Some compatible hosts answer `{"message": ...}` or FastAPI's `{"detail": ...}`.
    if (typeof parsed.message === 'string') return { message: parsed.message };
    if (parsed.detail !== undefined) return { message: typeof parsed.detail === 'string' ? parsed.detail : JSON.stringify(parsed.detail) };
  } catch {
    // Not JSON: a proxy's HTML page or plain text.
  }
  const text = body.trim();
  return text === '' ? {} : { message: text.slice(0, 500) };
}
