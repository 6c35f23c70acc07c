import type { CallMessage } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { SignatureIssuer } from '../../core/parts.ts';
import type { BedrockAssistantBlock, BedrockMessage, BedrockSystemBlock, BedrockUserBlock } from './bedrock-api-types.ts';
import { convertBedrockAssistantContent } from './convert-bedrock-assistant-content.ts';
import { convertBedrockToolResult } from './convert-bedrock-tool-result.ts';
import { convertBedrockUserContent, hasText } from './convert-bedrock-user-content.ts';
import { pushCachePoint } from './push-cache-point.ts';

export interface BedrockPrompt {
  /** The system messages' text, in order, and their cache points; undefined when there is none. */
  system: BedrockSystemBlock[] | undefined;
  messages: BedrockMessage[];
  /** Whether the history holds tool calls or results: Converse then requires a `toolConfig`. */
  usesTools: boolean;
}

/**
 * The call's messages as Converse's: system messages move to `system`, tool results become
 * `toolResult` blocks in a user turn, and consecutive turns of one role merge into one, since
 * Converse requires roles to alternate and a `toolResult` to sit in the user turn right after its
 * `toolUse`. Reasoning goes back to its `issuer` only (the target's). What Converse cannot take is
 * left out with a note in `notes`.
 */
export function convertToBedrockMessages(messages: readonly CallMessage[], issuer: SignatureIssuer | undefined, notes: string[]): BedrockPrompt {
  const system: BedrockSystemBlock[] = [];
  const turns: BedrockMessage[] = [];
  let usesTools = false;

  const pushUser = (content: BedrockUserBlock[]) => {
    const last = turns.at(-1);
    if (last?.role === 'user') last.content.push(...content);
    else turns.push({ role: 'user', content });
  };
  const pushAssistant = (content: BedrockAssistantBlock[]) => {
    const last = turns.at(-1);
    if (last?.role === 'assistant') last.content.push(...content);
    else turns.push({ role: 'assistant', content });
  };

  messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'system': {
        // One text a message, cut where the caller placed a cache breakpoint.
        let text = '';
        for (const part of message.content) {
          text += part.text;
          if (part.cache === undefined) continue;
          if (hasText(text)) system.push({ text });
          text = '';
          pushCachePoint(system, part.cache);
        }
        if (hasText(text)) system.push({ text });
        return;
      }
      case 'user': {
        const content = convertBedrockUserContent(message.content, param);
        if (content.length > 0) pushUser(content);
        return;
      }
      case 'assistant': {
        const content = convertBedrockAssistantContent(message.content, param, issuer, notes);
        if (message.content.some((part) => part.type === 'tool-call')) usesTools = true;
        if (content.length > 0) pushAssistant(content);
        return;
      }
      case 'tool': {
        if (message.content.length === 0) return;
        usesTools = true;
        const content: BedrockUserBlock[] = [];
        message.content.forEach((result, j) => {
          content.push(convertBedrockToolResult(result, `${param}.content[${j}]`));
          // A breakpoint inside a result's content can only go after the whole result.
          pushCachePoint(content, result.cache ?? result.content.findLast((part) => part.cache)?.cache);
        });
        pushUser(content);
        return;
      }
    }
  });

  for (const turn of turns) if (turn.role === 'user') turn.content = toolResultsFirst(turn.content);
  if (turns.length === 0) throw invalidRequest('messages must contain at least one non-empty user or assistant message', 'messages');
  return { system: system.length > 0 ? system : undefined, messages: turns, usesTools };
}

/** Claude requires a user turn's tool results before any other content in it; a cache point stays with the block it follows. */
function toolResultsFirst(content: BedrockUserBlock[]): BedrockUserBlock[] {
  const results: BedrockUserBlock[] = [];
  const others: BedrockUserBlock[] = [];
  let into = others;
  for (const block of content) {
    if ('toolResult' in block) into = results;
    else if (!('cachePoint' in block)) into = others;
    into.push(block);
  }
  return results.length === 0 ? content : [...results, ...others];
}
