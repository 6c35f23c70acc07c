/**
 * A neutral call as a Gemini `generateContent` (or `streamGenerateContent?alt=sse`) request. The
 * API key goes in the `x-goog-api-key` header, never in the URL: URLs end up in logs. `user` has no
 * Gemini counterpart and is dropped. The service tier maps to Gemini's own where one exists: `flex`
 * (half price, answered in minutes, may be shed) and `priority`
 * (https://ai.google.dev/gemini-api/docs/flex-inference); `auto` and `default` are Gemini's default.
 * The caller's Gemini options (`providerOptions.gemini`: safety settings, a cached content's name)
 * go into the body as given, for Gemini to judge; what the caller asked of Anthropic's servers alone
 * is left out with a note (left-out-anthropic-options.ts).
 */
import type { Call } from '../../core/call.ts';
import { leftOutAnthropicOptions } from '../left-out-anthropic-options.ts';
import type { BuildContext, UpstreamRequest } from '../provider-adapter.ts';
import type { GeminiGenerateContentRequest } from './gemini-api-types.ts';
import { buildGenerationConfig } from './build-generation-config.ts';
import { convertGeminiTools } from './convert-gemini-tools.ts';
import { convertToGeminiContents } from './convert-to-gemini-contents.ts';
import { GEMINI_PROVIDER } from './gemini-provider-name.ts';

export function buildGeminiRequest(call: Call, context: BuildContext): UpstreamRequest {
  const notes = new Set(leftOutAnthropicOptions(call.providerOptions.anthropic, GEMINI_PROVIDER));
  const body: GeminiGenerateContentRequest = {
    ...convertToGeminiContents(call.messages, notes),
    ...convertGeminiTools(call.tools, call.toolChoice, context.model, notes),
  };
  const generationConfig = buildGenerationConfig(call, context);
  if (generationConfig) body.generationConfig = generationConfig;
  // The gateway's own changes (core/override-call.ts) are in the call's fields already.
  const tier = call.serviceTier;
  if (tier === 'flex' || tier === 'priority') body.service_tier = tier;
  const { safetySettings, cachedContent } = call.providerOptions.gemini ?? {};
  if (safetySettings !== undefined) body.safetySettings = safetySettings;
  if (cachedContent !== undefined) body.cachedContent = cachedContent;

  return {
    url: geminiUrl(context.baseUrl, context.model, context.stream),
    headers: { 'x-goog-api-key': context.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(notes.size > 0 && { notes: [...notes] }),
  };
}

/** `baseUrl` is the host part (as `GEMINI_BASE_URL` means it), without `/v1beta` or a trailing slash. */
export function geminiUrl(baseUrl: string, model: string, stream: boolean): string {
  const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return `${baseUrl}/v1beta/models/${encodeURIComponent(model)}:${method}`;
}
