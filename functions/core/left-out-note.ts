/**
 * How every family words what its translation left out (UpstreamRequest.notes), which the route's
 * explanation carries (`x-switchyard-route: …; left-out="…"`): what it was, then in brackets who
 * could not take it and why, e.g. `web_search_20250305 tool (bedrock cannot run it)`. Names come
 * from the caller, so only a safe few characters of them: the note travels in a response header.
 */

/** A tool offered, a block of the conversation, or a parameter of the request (`top_k`, `document.context`). */
export type LeftOutKind = 'tool' | 'block' | 'parameter';

export interface LeftOut {
  kind: LeftOutKind;
  /** What the caller called it: a tool's or block's type, a parameter's name. */
  name: unknown;
  /** Who could not take it: the family (`bedrock`), the API it speaks (`Chat Completions`), the model. */
  target: string;
  /** Why, after the target's name; by default what the kind says (`cannot run it`, `cannot read it`, `has no such parameter`). */
  why?: string;
  /** Where a block was, as a request path (`messages[1].content[2]`): the gateway's own words, not the caller's. */
  at?: string;
}

const WHY: Record<LeftOutKind, string> = { tool: 'cannot run it', block: 'cannot read it', parameter: 'has no such parameter' };

const safeName = (value: unknown): string => (typeof value === 'string' && value.replace(/[^\w.-]/g, '_').slice(0, 64)) || 'unnamed';

export const leftOutNote = ({ kind, name, target, why = WHY[kind], at }: LeftOut): string =>
  `${safeName(name)} ${kind}${at === undefined ? '' : ` at ${at}`} (${target} ${why})`;
