import { invalidRequest } from '../../core/call-error.ts';
import type { UserPart } from '../../core/parts.ts';
import type { BedrockUserBlock } from './bedrock-api-types.ts';
import { convertBedrockMedia } from './convert-bedrock-media.ts';
import { unreadablePart } from '../../core/unreadable-part.ts';
import { pushCachePoint } from './push-cache-point.ts';

/** Bedrock rejects blank text blocks ("The text field in the ContentBlock object is blank"), and they carry nothing. */
export const hasText = (text: string): boolean => text.trim() !== '';

/**
 * A user message's parts as Converse blocks, each cache breakpoint a `cachePoint` after its part;
 * `param` names the message, e.g. `messages[2]`. A part only another dialect can express is a 400
 * (core/unreadable-part.ts): Converse has no block for any of them.
 */
export function convertBedrockUserContent(parts: readonly UserPart[], param: string): BedrockUserBlock[] {
  const blocks: BedrockUserBlock[] = [];
  parts.forEach((part, j) => {
    const partParam = `${param}.content[${j}]`;
    switch (part.type) {
      case 'text':
        if (hasText(part.text)) blocks.push({ text: part.text });
        pushCachePoint(blocks, part.cache);
        return;
      case 'image':
      case 'document':
        blocks.push(convertBedrockMedia(part, j, partParam));
        pushCachePoint(blocks, part.cache);
        return;
      case 'audio':
        throw invalidRequest('Bedrock models do not accept audio input through Converse; send the audio as text (a transcript) instead', partParam);
      case 'native':
        throw unreadablePart(part, partParam, 'Bedrock');
    }
  });
  return blocks;
}
