/**
 * A Responses request's own tools as the call's function tools, and the way back for the calls the
 * model makes. Other providers know only flat functions, so:
 * - a function inside a `namespace` (Codex's `multi_agent_v1`) becomes `<namespace>__<name>`,
 *   Codex's own flat spelling (codex-rs tool_name.rs), and its calls come back with `name` and
 *   `namespace` apart again;
 * - a `custom` tool (free text in, such as Codex's apply_patch) becomes a function taking one
 *   string, `input`, with its grammar in the description, and its calls come back as
 *   `custom_tool_call` items with that string.
 * Hosted tools are the families' to map or leave out (decode.ts keeps them whole).
 */
import { invalidRequest } from '../../core/call-error.ts';
import type { FunctionTool } from '../../core/tools.ts';
import { isOwnTool, type CustomToolParam, type FunctionToolParam, type ResponsesTool } from './responses-request-schema.ts';

/** What a flat name stands for in the client's terms. */
export interface ToolOrigin {
  name: string;
  namespace?: string;
  custom: boolean;
}

/** Flat names the model calls, by what the client named; a name not listed is a plain function's. */
export type ToolOrigins = ReadonlyMap<string, ToolOrigin>;

/** `namespace__name`, with stray underscores at the join trimmed as Codex trims them. */
export const flatName = (namespace: string | null | undefined, name: string): string =>
  namespace ? `${namespace.replace(/_+$/, '')}__${name.replace(/^_+/, '')}` : name;

/** The argument a custom tool's text travels in as a function. */
export const CUSTOM_INPUT = 'input';

export interface FlatTools {
  functions: FunctionTool[];
  origins: ToolOrigins;
}

export function flattenTools(tools: readonly ResponsesTool[]): FlatTools {
  const functions: FunctionTool[] = [];
  const origins = new Map<string, ToolOrigin>();
  const add = (tool: FunctionToolParam | CustomToolParam, namespace: string | undefined, param: string) => {
    const name = flatName(namespace, tool.name);
    if (origins.has(name) || functions.some((known) => known.name === name)) {
      throw invalidRequest(`Invalid value for '${param}': another tool is already named '${name}'.`, param, 'invalid_value');
    }
    const custom = tool.type === 'custom';
    if (namespace !== undefined || custom) origins.set(name, { name: tool.name, ...(namespace !== undefined && { namespace }), custom });
    functions.push(custom ? customAsFunction(name, tool) : asFunction(name, tool));
  };
  tools.forEach((tool, index) => {
    if (!isOwnTool(tool)) return;
    if (tool.type === 'namespace') tool.tools.forEach((inner, j) => add(inner, tool.name, `tools[${index}].tools[${j}].name`));
    else add(tool, undefined, `tools[${index}].name`);
  });
  return { functions, origins };
}

function asFunction(name: string, tool: FunctionToolParam): FunctionTool {
  return {
    kind: 'function',
    name,
    ...(tool.description != null && { description: tool.description }),
    ...(tool.parameters != null && { parameters: tool.parameters }),
    ...(tool.strict != null && { strict: tool.strict }),
  };
}

function customAsFunction(name: string, tool: CustomToolParam): FunctionTool {
  const format = tool.format;
  const grammar = format?.type === 'grammar' && format.definition ? `\n\nThe input follows this ${format.syntax ?? ''} grammar:\n${format.definition}` : '';
  return {
    kind: 'function',
    name,
    description: `${tool.description ?? ''}${grammar}`.trim() || `The ${tool.name} tool.`,
    parameters: { type: 'object', properties: { [CUSTOM_INPUT]: { type: 'string', description: 'The tool’s whole input, as free text.' } }, required: [CUSTOM_INPUT] },
  };
}

/** A custom tool's text from the arguments the model gave its function; the arguments as they are if they are not that. */
export function customInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as Record<string, unknown>)[CUSTOM_INPUT] === 'string') return (parsed as Record<string, string>)[CUSTOM_INPUT]!;
  } catch {
    // A call cut short: its text as it came.
  }
  return args;
}
