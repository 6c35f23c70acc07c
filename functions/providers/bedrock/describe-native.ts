/**
 * Names for what only another dialect can express (a server tool, its call and result blocks), for
 * the notes that say it was left out: Converse has no server tools and no such blocks.
 */
import type { NativePart } from '../../core/parts.ts';
import type { NativeTool } from '../../core/tools.ts';

export function describeNativePart(part: NativePart): string {
  const type = part.block['type'];
  return `the ${part.dialect} block${typeof type === 'string' ? ` ${type}` : ''}`;
}

export const describeNativeTool = (tool: NativeTool): string =>
  `the ${tool.dialect} tool ${tool.type}${tool.name !== undefined && tool.name !== tool.type ? ` (${tool.name})` : ''}`;
