/**
 * OpenAI's hosted web search (Responses `web_search`, `web_search_preview`, dated variants) as
 * Anthropic's `web_search_20250305`: the same wish, so a call that offers it keeps it on Claude.
 * The allowed domains and the user's approximate location carry over; OpenAI's
 * `search_context_size` has no Anthropic equivalent.
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import type { NativeTool } from '../../core/tools.ts';

const OPENAI_WEB_SEARCH = /^web_search(?:_preview)?(?:_\d{4}_\d{2}_\d{2})?$/;
const LOCATION_FIELDS = ['city', 'region', 'country', 'timezone'] as const;

export function webSearchFromOpenAI(tool: NativeTool): Record<string, unknown> | undefined {
  if (tool.dialect === 'anthropic-messages' || !OPENAI_WEB_SEARCH.test(tool.type)) return undefined;
  const filters = tool.definition.filters;
  const domains = isJsonObject(filters) ? filters.allowed_domains : undefined;
  const location = tool.definition.user_location;
  const place = isJsonObject(location) ? LOCATION_FIELDS.filter((field) => typeof location[field] === 'string') : [];
  return {
    type: 'web_search_20250305',
    name: 'web_search',
    ...(Array.isArray(domains) && domains.length > 0 && domains.every((domain) => typeof domain === 'string') && { allowed_domains: domains }),
    ...(isJsonObject(location) &&
      place.length > 0 && { user_location: { type: 'approximate', ...Object.fromEntries(place.map((field) => [field, location[field]])) } }),
  };
}
