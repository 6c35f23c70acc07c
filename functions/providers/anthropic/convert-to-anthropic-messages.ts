import type { CallMessage } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { TextPart } from '../../core/parts.ts';
import type {
  AnthropicAssistantBlockParam,
  AnthropicMessageParam,
  AnthropicTextBlockParam,
  AnthropicUserBlockParam,
} from './anthropic-api-types.ts';
import { cacheControlOf } from './anthropic-cache-control.ts';
import { convertAnthropicAssistantContent } from './convert-anthropic-assistant-content.ts';
import { convertAnthropicToolResult } from './convert-anthropic-tool-result.ts';
import { convertAnthropicUserContent, hasText } from './convert-anthropic-user-content.ts';

export interface AnthropicPrompt {
  /** The system messages' text, in order; text blocks when one carries a cache breakpoint; undefined when there is none. */
  system: string | AnthropicTextBlockParam[] | undefined;
  messages: AnthropicMessageParam[];
}

/**
 * The call's messages as Anthropic's: system messages move to the top-level `system`, tool results
 * become `tool_result` blocks in a user turn, and consecutive turns of one role merge into one,
 * since a `tool_result` must sit in the user turn right after its `tool_use`. What Claude cannot
 * read of another dialect is left out, said in `notes`.
 */
export function convertToAnthropicMessages(messages: readonly CallMessage[], notes: string[]): AnthropicPrompt {
  const system: TextPart[][] = [];
  const turns: AnthropicMessageParam[] = [];

  const pushUser = (content: AnthropicUserBlockParam[]) => {
    const last = turns.at(-1);
    if (last?.role === 'user') last.content.push(...content);
    else turns.push({ role: 'user', content });
  };
  const pushAssistant = (content: AnthropicAssistantBlockParam[]) => {
    const last = turns.at(-1);
    if (last?.role === 'assistant') last.content.push(...content);
    else turns.push({ role: 'assistant', content });
  };

  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
        system.push(message.content);
        return;
      case 'user': {
        const content = convertAnthropicUserContent(message.content, `messages[${i}]`, notes);
        if (content.length > 0) pushUser(content);
        return;
      }
      case 'assistant': {
        const content = convertAnthropicAssistantContent(message.content, i, notes);
        if (content.length > 0) pushAssistant(content);
        return;
      }
      case 'tool':
        pushUser(message.content.map((result) => convertAnthropicToolResult(result, `messages[${i}]`)));
        return;
    }
  });

  for (const turn of turns) if (turn.role === 'user') turn.content = toolResultsFirst(turn.content);
  if (turns.length === 0) throw invalidRequest('messages must contain at least one non-empty user or assistant message', 'messages');
  return { system: systemPrompt(system), messages: turns };
}

/**
 * One string, each message's text joined, as long as no part carries a cache breakpoint; then a
 * block per part, so that each breakpoint sits where the caller put it.
 */
function systemPrompt(messages: readonly TextPart[][]): string | AnthropicTextBlockParam[] | undefined {
  if (messages.some((parts) => parts.some((part) => part.cache !== undefined))) {
    const blocks = messages.flat().filter((part) => hasText(part.text));
    return blocks.length > 0 ? blocks.map((part) => ({ type: 'text', text: part.text, ...cacheControlOf(part.cache) })) : undefined;
  }
  const texts = messages.map((parts) => parts.map((part) => part.text).join('')).filter(hasText);
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}

/** Anthropic requires a user turn's `tool_result` blocks before any other content in it. */
function toolResultsFirst(content: AnthropicUserBlockParam[]): AnthropicUserBlockParam[] {
  const results = content.filter((block) => block.type === 'tool_result');
  if (results.length === 0) return content;
  return [...results, ...content.filter((block) => block.type !== 'tool_result')];
}
