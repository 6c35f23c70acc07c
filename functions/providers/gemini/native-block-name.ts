/** How messages and notes name a block only another API can express: by its own `type` where it has one. */
import type { NativePart } from '../../core/parts.ts';

export const nativeBlockName = ({ block, dialect }: NativePart): string => (typeof block.type === 'string' ? block.type : `${dialect} content`);
