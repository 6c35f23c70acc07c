import { isJsonObject } from '../../core/is-json-object.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { AssistantPart, ToolCallPart } from '../../core/parts.ts';
import type { AnthropicAssistantBlockParam, AnthropicToolUseBlockParam } from './anthropic-api-types.ts';
import { cacheControlOf } from './anthropic-cache-control.ts';
import { convertNativePart } from './convert-anthropic-native.ts';
import { hasText } from './convert-anthropic-user-content.ts';

/**
 * An assistant message's parts as Anthropic blocks, in their order. Reasoning goes back only as
 * Claude's own: signed thinking and redacted thinking Claude issued, which it can verify; any other
 * reasoning (unsigned, or another model's) is not sent, since Claude would reject it.
 */
export function convertAnthropicAssistantContent(content: readonly AssistantPart[], i: number, notes: string[]): AnthropicAssistantBlockParam[] {
  const blocks: AnthropicAssistantBlockParam[] = [];
  let toolCalls = 0;
  for (const part of content) {
    switch (part.type) {
      case 'text':
        if (hasText(part.text)) blocks.push({ type: 'text', text: part.text, ...cacheControlOf(part.cache) });
        break;
      case 'refusal':
        if (hasText(part.text)) blocks.push({ type: 'text', text: part.text });
        break;
      case 'reasoning':
        if (part.signature?.issuer === 'claude') blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature.value });
        break;
      case 'redacted-reasoning':
        if (part.issuer === 'claude') blocks.push({ type: 'redacted_thinking', data: part.data });
        break;
      case 'tool-call':
        // Named as in an OpenAI Chat body, the dialect whose calls are translated for Anthropic.
        blocks.push(toolUseBlock(part, `messages[${i}].tool_calls[${toolCalls++}].function.arguments`));
        break;
      case 'native': {
        const block = convertNativePart(part, notes);
        if (block) blocks.push(block);
        break;
      }
    }
  }
  return blocks;
}

function toolUseBlock(call: ToolCallPart, param: string): AnthropicToolUseBlockParam {
  let input: unknown = {};
  if (call.arguments.trim() !== '') {
    try {
      input = JSON.parse(call.arguments);
    } catch {
      throw invalidRequest(`${param} is not valid JSON; Anthropic needs tool call arguments as a JSON object`, param);
    }
  }
  if (!isJsonObject(input)) throw invalidRequest(`${param} must be a JSON object, as Anthropic requires`, param);
  return { type: 'tool_use', id: call.id, name: call.name, input, ...cacheControlOf(call.cache) };
}
