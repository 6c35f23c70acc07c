/** A neutral call built directly, for adapter tests of what no OpenAI body can say: one user turn saying Hello, unless told otherwise. */
import type { Call } from '../../functions/core/call.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../functions/routing/routing-preferences.ts';

export function neutralCall(fields: Partial<Call> = {}): Call {
  return {
    model: 'anthropic/claude-sonnet-4-5',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    tools: [],
    output: { format: { type: 'text' }, choices: 1, stop: [] },
    sampling: {},
    cache: { callerPlaced: false },
    stream: false,
    preferences: DEFAULT_ROUTING_PREFERENCES,
    providerOptions: {},
    // A door whose body the Anthropic family never reads: what it sends comes from the call alone.
    origin: { dialect: 'openai-responses', body: {}, forwardHeaders: {} },
    overrides: {},
    ...fields,
  };
}
