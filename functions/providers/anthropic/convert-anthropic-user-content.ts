import { invalidRequest } from '../../core/call-error.ts';
import { unreadablePart } from '../../core/unreadable-part.ts';
import type { UserPart } from '../../core/parts.ts';
import type { AnthropicUserBlockParam } from './anthropic-api-types.ts';
import { cacheControlOf } from './anthropic-cache-control.ts';
import { convertDocument, convertImage } from './convert-anthropic-media.ts';
import { convertNativePart } from './convert-anthropic-native.ts';

/** Anthropic rejects text blocks that are empty or only whitespace, and they carry nothing. */
export const hasText = (text: string): boolean => text.trim() !== '';

/**
 * A user message's parts as Anthropic blocks; `param` names the message, e.g. `messages[2]`, and a
 * part by its index in the message, as the caller's body numbers them. A part of another dialect
 * is a 400 (core/unreadable-part.ts).
 */
export function convertAnthropicUserContent(content: readonly UserPart[], param: string, notes: string[]): AnthropicUserBlockParam[] {
  const blocks: AnthropicUserBlockParam[] = [];
  content.forEach((part, j) => {
    const block = convertPart(part, `${param}.content[${j}]`, notes);
    if (block) blocks.push(block);
  });
  return blocks;
}

function convertPart(part: UserPart, param: string, notes: string[]): AnthropicUserBlockParam | undefined {
  switch (part.type) {
    case 'text':
      return hasText(part.text) ? { type: 'text', text: part.text, ...cacheControlOf(part.cache) } : undefined;
    case 'image':
      return convertImage(part, param);
    case 'document':
      return convertDocument(part, param);
    case 'audio':
      throw invalidRequest('Anthropic models do not accept audio input; send the audio as text (a transcript) instead', param);
    case 'native':
      if (part.dialect !== 'anthropic-messages') throw unreadablePart(part, param, 'Anthropic');
      return convertNativePart(part, notes);
  }
}
