import type { ToolResultPart } from '../../core/parts.ts';
import type { BedrockToolResultBlock, BedrockToolResultContent } from './bedrock-api-types.ts';
import { convertBedrockMedia } from './convert-bedrock-media.ts';
import { hasText } from './convert-bedrock-user-content.ts';

/** Converse requires a tool result to have content; an empty one says so rather than being blank. */
const EMPTY_TOOL_RESULT = '(no output)';

/**
 * A tool result as a Converse `toolResult` block; `param` names the result. Adjacent text parts
 * are one text block, as the tool's output is one text; images and documents are their own blocks.
 */
export function convertBedrockToolResult(result: ToolResultPart, param: string): BedrockToolResultBlock {
  const content: BedrockToolResultContent[] = [];
  let text = '';
  const flushText = () => {
    if (hasText(text)) content.push({ text });
    text = '';
  };
  result.content.forEach((part, k) => {
    if (part.type === 'text') {
      text += part.text;
      return;
    }
    flushText();
    content.push(convertBedrockMedia(part, k, `${param}.content[${k}]`));
  });
  flushText();
  if (content.length === 0) content.push({ text: EMPTY_TOOL_RESULT });
  return { toolResult: { toolUseId: result.toolCallId, content, ...(result.isError === true && { status: 'error' as const }) } };
}
