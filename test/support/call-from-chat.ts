/** A neutral call from an OpenAI Chat body, as the gateway's chat door decodes it, for adapter tests written in that dialect. */
import type { ChatRequest } from '../../functions/ingress/openai-chat/chat-request-schema.ts';
import type { Call } from '../../functions/core/call.ts';
import { decodeChatRequest } from '../../functions/ingress/openai-chat/decode.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../functions/routing/routing-preferences.ts';

export const callFromChat = (chat: ChatRequest): Call => decodeChatRequest(chat, DEFAULT_ROUTING_PREFERENCES);
