/**
 * What only one dialect can say (core/parts.ts NativePart, core/tools.ts NativeTool). Anthropic's
 * own blocks and tools go as they were written; OpenAI's web search becomes Anthropic's; anything
 * else of another dialect is left out, with a note, since Claude could not read or run it.
 */
import type { NativePart } from '../../core/parts.ts';
import type { NativeTool } from '../../core/tools.ts';
import { asNative, type AnthropicNative } from './anthropic-native.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import { ANTHROPIC_PROVIDER } from './anthropic-constants.ts';
import { webSearchFromOpenAI } from './web-search-from-openai.ts';

export function convertNativePart(part: NativePart, notes: string[]): AnthropicNative | undefined {
  if (part.dialect === 'anthropic-messages') return asNative(part.block);
  notes.push(leftOutNote({ kind: 'block', name: part.block.type, target: ANTHROPIC_PROVIDER }));
  return undefined;
}

export function convertNativeTool(tool: NativeTool, notes: string[]): AnthropicNative | undefined {
  if (tool.dialect === 'anthropic-messages') return asNative(tool.definition);
  const webSearch = webSearchFromOpenAI(tool);
  if (webSearch) return asNative(webSearch);
  notes.push(leftOutNote({ kind: 'tool', name: tool.type, target: ANTHROPIC_PROVIDER }));
  return undefined;
}
