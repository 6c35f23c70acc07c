/**
 * A tool choice naming a tool that the translation left out for its target (a server tool only
 * another API runs) cannot be honoured there. Every family refuses it the same way, before
 * sending: a 400 of the gateway's own, which the route takes as "this target cannot serve it" and
 * tries the next (routing/retry-policy.ts), where the provider's own 400 would end the route.
 */
import { invalidRequest } from './call-error.ts';
import type { Tool, ToolChoice } from './tools.ts';

/** The name a tool choice calls a tool by: a native tool's own name where it has one, else its type. */
const toolName = (tool: Tool): string => (tool.kind === 'function' ? tool.name : (tool.name ?? tool.type));

/** `target` names who cannot run the tool, as the family's notes do (`bedrock`, `Chat Completions`). */
export function refuseChosenToolLeftOut(choice: ToolChoice | undefined, leftOut: readonly Tool[], target: string): void {
  if (choice?.mode !== 'tool' || !leftOut.some((tool) => toolName(tool) === choice.name)) return;
  throw invalidRequest(`tool_choice requires the tool '${choice.name}', which ${target} cannot run`, 'tool_choice');
}
