import type { TextPart, ToolResultPart } from '../../core/parts.ts';
import type { AnthropicToolResultBlockParam, AnthropicToolResultContentBlock } from './anthropic-api-types.ts';
import { cacheControlOf } from './anthropic-cache-control.ts';
import { convertDocument, convertImage } from './convert-anthropic-media.ts';
import { hasText } from './convert-anthropic-user-content.ts';

/** A tool's result as a `tool_result` block; `param` names the tool message, e.g. `messages[3]`. */
export function convertAnthropicToolResult(result: ToolResultPart, param: string): AnthropicToolResultBlockParam {
  const block: AnthropicToolResultBlockParam = { type: 'tool_result', tool_use_id: result.toolCallId };
  const content = resultContent(result, param);
  if (content !== undefined) block.content = content;
  if (result.isError) block.is_error = true;
  return { ...block, ...cacheControlOf(result.cache) };
}

/**
 * Text alone goes as one string; an image, a document or a breakpoint inside the result needs
 * blocks. Nothing at all when the result is empty: Anthropic rejects empty text.
 */
function resultContent(result: ToolResultPart, param: string): string | AnthropicToolResultContentBlock[] | undefined {
  const parts = result.content;
  const plainText = parts.filter((part): part is TextPart => part.type === 'text' && part.cache === undefined);
  if (plainText.length === parts.length) {
    const text = plainText.map((part) => part.text).join('');
    return hasText(text) ? text : undefined;
  }
  const blocks: AnthropicToolResultContentBlock[] = [];
  parts.forEach((part, k) => {
    const partParam = `${param}.content[${k}]`;
    if (part.type === 'text') {
      if (hasText(part.text)) blocks.push({ type: 'text', text: part.text, ...cacheControlOf(part.cache) });
    } else if (part.type === 'image') blocks.push(convertImage(part, partParam));
    else blocks.push(convertDocument(part, partParam));
  });
  return blocks.length > 0 ? blocks : undefined;
}
