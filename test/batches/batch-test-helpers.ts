/** What the batch clients' tests share: a provider config pointed at the fake, and sample calls (from chat bodies). */
import { chatRequestSchema, type ChatRequest } from '../../functions/ingress/openai-chat/chat-request-schema.ts';
import type { ProviderConfig } from '../../functions/config/load-config.ts';
import type { Call } from '../../functions/core/call.ts';
import { callFromChat } from '../support/call-from-chat.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { FAKE_BATCH_KEYS, type FakeBatchProvider, type FakeBatchProviders } from '../support/fake-batch-providers.ts';

export function providerConfig(fake: FakeBatchProviders, provider: FakeBatchProvider, apiKey: string = FAKE_BATCH_KEYS[provider]): ProviderConfig {
  return {
    definition: findProvider(provider)!,
    configured: true,
    apiKey,
    apiKeyVariable: `${provider.toUpperCase()}_API_KEY`,
    baseUrl: fake.baseUrls[provider],
  };
}

export const chat = (model: string, text: string, extra: Record<string, unknown> = {}): ChatRequest =>
  chatRequestSchema().parse({
    model,
    messages: [
      { role: 'system', content: 'You answer briefly.' },
      { role: 'user', content: text },
    ],
    ...extra,
  });

/** A chat with tools, a temperature and a stop sequence: enough for the translation to show. */
export const richChat = (model: string): ChatRequest =>
  chat(model, 'What is the weather in Paris?', {
    temperature: 0.2,
    stop: ['END'],
    max_completion_tokens: 300,
    tools: [
      {
        type: 'function',
        function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ],
  });

export const chatCall = (model: string, text: string, extra: Record<string, unknown> = {}): Call => callFromChat(chat(model, text, extra));
export const richChatCall = (model: string): Call => callFromChat(richChat(model));
