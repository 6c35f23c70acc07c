/** Fixtures for the routing tests, from the real catalog and configuration. */
import { loadCatalog } from '../../functions/catalog/load-catalog.ts';
import { createModelResolver } from '../../functions/catalog/resolve-model.ts';
import { chatRequestSchema, type ChatRequest } from '../../functions/ingress/openai-chat/chat-request-schema.ts';
import { loadConfig, type Environment, type GatewayConfig } from '../../functions/config/load-config.ts';
import type { Call } from '../../functions/core/call.ts';
import { decodeChatRequest } from '../../functions/ingress/openai-chat/decode.ts';
import type { Candidate, CandidateRole } from '../../functions/routing/expand-candidates.ts';
import { targetOf, type RouteTarget } from '../../functions/routing/route-target.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../functions/routing/routing-preferences.ts';

/**
 * The bundled catalog with its equivalence sets pinned to these, so that the tests' expectations do
 * not move whenever a team's catalog gains an equivalent.
 */
export const catalog = {
  ...loadCatalog(),
  equivalents: [
    { aliases: ['llama-3.3-70b'], models: ['groq/llama-3.3-70b-versatile', 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo'] },
    { aliases: ['deepseek-v3'], models: ['deepseek/deepseek-chat', 'together/deepseek-ai/DeepSeek-V3'] },
  ],
};
export const resolver = createModelResolver(catalog);

/** Every provider with a key, unless `env` says otherwise. */
export const ALL_KEYS: Environment = {
  OPENAI_API_KEY: 'sk-openai',
  ANTHROPIC_API_KEY: 'sk-anthropic',
  GEMINI_API_KEY: 'g-key',
  DEEPSEEK_API_KEY: 'd-key',
  MISTRAL_API_KEY: 'm-key',
  GROQ_API_KEY: 'gr-key',
  XAI_API_KEY: 'x-key',
  TOGETHER_API_KEY: 't-key',
};

export const configWith = (env: Environment = {}): GatewayConfig => ({ ...loadConfig({ NODE_ENV: 'test', ...env }), catalog });
export const fullConfig = configWith(ALL_KEYS);

export const targetFor = (name: string, config: Pick<GatewayConfig, 'providers'> = fullConfig): RouteTarget => targetOf(resolver.resolve(name), config);
export const candidateFor = (name: string, role: CandidateRole = 'member', config: Pick<GatewayConfig, 'providers'> = fullConfig): Candidate => ({
  target: targetFor(name, config),
  role,
});

export const chat = (fields: Record<string, unknown> = {}): ChatRequest =>
  chatRequestSchema().parse({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }], ...fields });

/** The call the chat door decodes from a body: what the router reads. */
export const callOf = (body: ChatRequest): Call => decodeChatRequest(body, DEFAULT_ROUTING_PREFERENCES);
export const call = (fields: Record<string, unknown> = {}): Call => callOf(chat(fields));

export const ids = (items: readonly { target: RouteTarget }[] | readonly RouteTarget[]): string[] =>
  items.map((item) => ('target' in item ? item.target.id : item.id));
