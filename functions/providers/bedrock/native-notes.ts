/**
 * The notes that say what only another dialect can express was left out of a Converse request (a
 * server tool, its call and result blocks): Converse has no server tools and no such blocks.
 */
import type { NativePart } from '../../core/parts.ts';
import type { NativeTool } from '../../core/tools.ts';
import { BEDROCK_PROVIDER } from './bedrock-constants.ts';

/** `param` names the part, e.g. `messages[1].content[2]`. */
export function nativePartNote(part: NativePart, param: string): string {
  const type = part.block['type'];
  return `${typeof type === 'string' ? type : part.dialect} block at ${param} (${BEDROCK_PROVIDER} has no such block)`;
}

export const nativeToolNote = (tool: NativeTool): string => `${tool.type} tool (${BEDROCK_PROVIDER} cannot run it)`;
