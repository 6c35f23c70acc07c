import { isJsonObject } from '../../core/is-json-object.ts';
import { invalidRequest } from '../../core/call-error.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import type { AssistantPart, SignatureIssuer, ToolCallPart } from '../../core/parts.ts';
import type { BedrockAssistantBlock, BedrockToolUseBlock } from './bedrock-api-types.ts';
import { BEDROCK_PROVIDER } from './bedrock-constants.ts';
import { hasText } from './convert-bedrock-user-content.ts';
import { pushCachePoint } from './push-cache-point.ts';

/**
 * An assistant message's parts as Converse blocks, each cache breakpoint a `cachePoint` after its
 * part; `param` names the message. Reasoning goes back only to the model line that signed it
 * (`issuer`, the target's): Claude takes its reasoning back only with the signature it issued, and
 * no model reads another's. Other reasoning is left out, and so is a part only another dialect can
 * express, with a note.
 */
export function convertBedrockAssistantContent(
  parts: readonly AssistantPart[],
  param: string,
  issuer: SignatureIssuer | undefined,
  notes: string[],
): BedrockAssistantBlock[] {
  const blocks: BedrockAssistantBlock[] = [];
  parts.forEach((part, j) => {
    switch (part.type) {
      case 'text':
        if (hasText(part.text)) blocks.push({ text: part.text });
        pushCachePoint(blocks, part.cache);
        return;
      case 'refusal':
        if (hasText(part.text)) blocks.push({ text: part.text });
        return;
      case 'tool-call':
        blocks.push(toolUseBlock(part, `${param}.content[${j}]`));
        pushCachePoint(blocks, part.cache);
        return;
      case 'reasoning':
        if (issuer !== undefined && part.signature?.issuer === issuer) {
          blocks.push({ reasoningContent: { reasoningText: { text: part.text, signature: part.signature.value } } });
        }
        return;
      case 'redacted-reasoning':
        // Kept opaque: the base64 Converse returned it as (`redactedContent` is bytes) goes back as it came.
        if (issuer !== undefined && part.issuer === issuer) blocks.push({ reasoningContent: { redactedContent: part.data } });
        return;
      case 'native':
        notes.push(leftOutNote({ kind: 'block', name: part.block['type'], target: BEDROCK_PROVIDER, at: `${param}.content[${j}]` }));
        return;
    }
  });
  return blocks;
}

function toolUseBlock(call: ToolCallPart, param: string): BedrockToolUseBlock {
  const args = call.arguments;
  let input: unknown = {};
  if (args.trim() !== '') {
    try {
      input = JSON.parse(args);
    } catch {
      throw invalidRequest(`The arguments of tool call ${call.id} (${call.name}) are not valid JSON; Bedrock needs them as a JSON object`, param);
    }
  }
  if (!isJsonObject(input)) throw invalidRequest(`The arguments of tool call ${call.id} (${call.name}) must be a JSON object, as Bedrock requires`, param);
  return { toolUse: { toolUseId: call.id, name: call.name, input } };
}
