import { describe, expect, it } from 'vitest';
import type { ProviderOptions } from '../../functions/core/provider-options.ts';
import { adapterFor } from '../../functions/providers/adapter-for.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { neutralCall } from '../support/neutral-call.ts';

const anthropic: ProviderOptions['anthropic'] = {
  mcp_servers: [{ type: 'url', url: 'https://mcp.example.com/sse', name: 'example' }],
  container: 'container_011CPR5CNjB747bTd36fQLFk',
  context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
  // What other families read or need not: no note.
  betas: ['context-management-2025-06-27'],
  metadata: { user_id: 'u-1' },
};
/** A call from the Messages door: Anthropic takes it natively, every other family translates it. */
const build = (provider: string, options: ProviderOptions) =>
  adapterFor(findProvider(provider)!).buildRequest(neutralCall({ providerOptions: options, origin: { dialect: 'anthropic-messages', body: {}, forwardHeaders: {} } }), {
    model: 'a-model',
    apiKey: 'k',
    baseUrl: 'https://example.com',
    stream: false,
    maxOutputTokens: 1000,
  });

describe("what a Messages caller asked of Anthropic's servers alone, on another family", () => {
  it.each([
    ['bedrock', 'bedrock'],
    ['gemini', 'gemini'],
    ['openai', 'Chat Completions'],
    ['mistral', 'Chat Completions'],
  ])('%s leaves out mcp_servers, container and context_management, with a note each, and sends none of them', (provider, target) => {
    const request = build(provider, { anthropic });
    expect(request.notes).toEqual([
      `mcp_servers parameter (${target} has no such parameter)`,
      `container parameter (${target} has no such parameter)`,
      `context_management parameter (${target} has no such parameter)`,
    ]);
    expect(request.body).not.toMatch(/mcp_servers|container_011|clear_tool_uses/);
  });

  it('a call without them has no such note', () => {
    for (const provider of ['bedrock', 'gemini', 'openai']) expect(build(provider, { anthropic: { betas: ['x'] } }).notes).toBeUndefined();
  });

  it('Anthropic translating a call of another door gets them as sent', () => {
    const request = adapterFor(findProvider('anthropic')!).buildRequest(neutralCall({ providerOptions: { anthropic } }), {
      model: 'claude-sonnet-4-5',
      apiKey: 'k',
      baseUrl: 'https://example.com',
      stream: false,
      maxOutputTokens: 1000,
    });
    expect(request.notes).toBeUndefined();
    expect(JSON.parse(request.body)).toMatchObject({ mcp_servers: anthropic.mcp_servers, container: anthropic.container, context_management: anthropic.context_management });
  });
});
