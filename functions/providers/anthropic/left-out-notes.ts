/**
 * What the Anthropic translation leaves out, said in UpstreamRequest.notes for the route's
 * explanation header: the names come from the caller, so only a safe few characters of them.
 */
import type { Dialect } from '../../core/call.ts';

const safeName = (value: unknown): string => (typeof value === 'string' && value.replace(/[^\w.-]/g, '_').slice(0, 64)) || 'unnamed';

export const leftOutTool = (type: string, dialect: Dialect) => `${safeName(type)} tool of ${dialect} (anthropic cannot run it)`;

export const leftOutBlock = (type: unknown, dialect: Dialect) => `${safeName(type)} block of ${dialect} (anthropic cannot read it)`;
