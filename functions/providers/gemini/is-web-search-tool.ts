/**
 * Whether a tool another API runs itself is a web search, which Gemini runs as its own Google
 * Search grounding: Anthropic's `web_search_20250305` (and later versions), OpenAI Responses'
 * `web_search` and `web_search_preview` (and dated versions).
 */
import type { NativeTool } from '../../core/tools.ts';

const WEB_SEARCH = /^web_search(?:_|$)/;

export const isWebSearchTool = (tool: NativeTool): boolean =>
  (tool.dialect === 'anthropic-messages' || tool.dialect === 'openai-responses') && WEB_SEARCH.test(tool.type);
