/** The tools a call offers the model and how it may use them. */
import type { CacheBreakpoint } from './cache.ts';
import type { Dialect } from './call.ts';

export type Tool = FunctionTool | NativeTool;

/** A function the caller runs: the model only asks for it. Every family can offer these. */
export interface FunctionTool {
  kind: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments; absent = no parameters. */
  parameters?: Readonly<Record<string, unknown>>;
  strict?: boolean | null;
  cache?: CacheBreakpoint;
}

/** A tool the provider runs or defines itself (Anthropic web_search_20250305, code_execution, bash; OpenAI web_search): kept whole, for its own dialect only. */
export interface NativeTool {
  kind: 'native';
  dialect: Dialect;
  type: string;
  name?: string;
  definition: Readonly<Record<string, unknown>>;
}

export type ToolChoice = { mode: 'auto' } | { mode: 'none' } | { mode: 'required' } | { mode: 'tool'; name: string };
