/**
 * The call's messages as Gemini's `systemInstruction` and `contents`:
 * - system messages, wherever they are, become the system instruction, in order;
 * - user turns are `user` contents (convert-user-content-part.ts);
 * - assistant turns are `model` contents (convert-assistant-parts.ts);
 * - tool results are `functionResponse` parts in a `user` content (convert-tool-result.ts);
 * - consecutive contents of one role are merged, as Gemini expects user and model to alternate.
 */
import { messageText } from './message-text.ts';
import type { CallMessage } from '../../core/call.ts';
import type { GeminiContent, GeminiGenerateContentRequest, GeminiPart, GeminiRole } from './gemini-api-types.ts';
import { convertAssistantParts } from './convert-assistant-parts.ts';
import { convertToolResult } from './convert-tool-result.ts';
import { convertUserContentPart } from './convert-user-content-part.ts';

export type GeminiConversation = Pick<GeminiGenerateContentRequest, 'contents' | 'systemInstruction'>;

/** What the history loses on the way (another API's blocks) goes into `notes`. */
export function convertToGeminiContents(messages: readonly CallMessage[], notes: Set<string>): GeminiConversation {
  const system: Array<{ text: string }> = [];
  const contents: GeminiContent[] = [];
  /** Gemini matches a function response by the function's name, the call by the call's id. */
  const toolNames = new Map<string, string>();

  const append = (role: GeminiRole, parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system': {
        const text = messageText(message.content);
        if (text !== '') system.push({ text });
        break;
      }
      case 'user':
        append('user', message.content.map((part, k) => convertUserContentPart(part, `messages[${i}].content[${k}]`)));
        break;
      case 'assistant':
        append('model', convertAssistantParts(message.content, toolNames, notes, `messages[${i}]`));
        break;
      case 'tool':
        append('user', message.content.flatMap((result) => convertToolResult(result, toolNames, `messages[${i}]`)));
        break;
    }
  });

  const conversation: GeminiConversation = { contents };
  if (system.length > 0) conversation.systemInstruction = { parts: system };
  return conversation;
}
