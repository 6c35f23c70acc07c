/**
 * What a Messages caller asked of Anthropic's servers alone, kept by the door's decoder in
 * `providerOptions.anthropic`: MCP servers Anthropic connects to (`mcp_servers`), a container it
 * runs code in (`container`), and its context management, which clears old tool results and
 * thinking as the conversation grows (`context_management`). A target of another family has no
 * such thing: it leaves them out with a note, as it leaves out a server tool, so the caller knows
 * (and SWITCHYARD_LEFT_OUT=refuse tries a target that has them).
 */
import { leftOutNote } from '../core/left-out-note.ts';
import type { ProviderOptions } from '../core/provider-options.ts';

const ANTHROPIC_ONLY = ['mcp_servers', 'container', 'context_management'] as const;

/** `target` names who cannot take them, as the family's other notes do (`bedrock`, `Chat Completions`). */
export function leftOutAnthropicOptions(options: ProviderOptions['anthropic'], target: string): string[] {
  return ANTHROPIC_ONLY.filter((field) => options?.[field] != null).map((field) => leftOutNote({ kind: 'parameter', name: field, target }));
}
