/**
 * An OpenAI Chat Completions body, as the gateway validated it, read into the neutral call. Nothing
 * is lost: the body itself rides along as `origin.body` for OpenAI-compatible targets, which get it
 * as sent, and fields the call has no word for are kept in `providerOptions.openai`.
 */
import type { ChatMessage, ChatRequest, ChatResponseFormat, ChatTool, ChatToolCall, ChatToolChoice, UserContentPart } from './chat-request-schema.ts';
import { parseDataUrl } from '../../core/parse-data-url.ts';
import { requestedMaxTokens, stopSequences } from './request-options.ts';
import type { Call, CallMessage, ServiceTier } from '../../core/call.ts';
import { SERVICE_TIERS } from '../../core/call.ts';
import type { CacheHints } from '../../core/cache.ts';
import type { OutputFormat, OutputSpec, Sampling } from '../../core/output.ts';
import type { AssistantPart, TextPart, ToolCallPart, UserPart } from '../../core/parts.ts';
import type { Tool, ToolChoice } from '../../core/tools.ts';
import type { RoutingPreferences } from '../../routing/routing-preferences.ts';
import { requestHasCacheControl } from './request-has-cache-control.ts';

/** Top-level fields the call names: everything else goes to `providerOptions.openai`. */
const NAMED_FIELDS = new Set([
  'model',
  'messages',
  'stream',
  // The door's own encoding option (usage in the last chunk), not the call's: upstream usage is always asked for.
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'n',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'seed',
  'user',
  'logprobs',
  'top_logprobs',
  'response_format',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning_effort',
]);

export function decodeChatRequest(chat: ChatRequest, preferences: RoutingPreferences): Call {
  const serviceTier = readServiceTier(chat['service_tier']);
  const cacheKey = typeof chat['prompt_cache_key'] === 'string' ? chat['prompt_cache_key'] : undefined;
  const unnamed = Object.entries(chat).filter(
    ([key]) => !NAMED_FIELDS.has(key) && !(key === 'service_tier' && serviceTier) && !(key === 'prompt_cache_key' && cacheKey !== undefined),
  );
  const cache: CacheHints = { callerPlaced: requestHasCacheControl(chat), ...(cacheKey !== undefined && { key: cacheKey }) };
  return {
    model: chat.model,
    messages: chat.messages.map(decodeMessage),
    tools: (chat.tools ?? []).map(decodeTool),
    ...(chat.tool_choice !== undefined && { toolChoice: decodeToolChoice(chat.tool_choice) }),
    ...(chat.parallel_tool_calls !== undefined && { parallelToolCalls: chat.parallel_tool_calls }),
    output: decodeOutput(chat),
    sampling: decodeSampling(chat),
    ...(chat.reasoning_effort != null && { reasoning: { effort: chat.reasoning_effort } }),
    cache,
    stream: chat.stream ?? false,
    ...(chat.user !== undefined && { user: chat.user }),
    ...(serviceTier && { serviceTier }),
    preferences,
    providerOptions: unnamed.length > 0 ? { openai: Object.fromEntries(unnamed) } : {},
    origin: { dialect: 'openai-chat', body: chat, forwardHeaders: {} },
    overrides: {},
  };
}

/** A tier the call knows; any other value (an old `scale`, a newer word) stays an OpenAI option, sent as sent. */
function readServiceTier(value: unknown): ServiceTier | undefined {
  return SERVICE_TIERS.find((tier) => tier === value);
}

const text = (value: string): TextPart => ({ type: 'text', text: value });
const textParts = (content: string | ReadonlyArray<{ text: string }>): TextPart[] =>
  typeof content === 'string' ? [text(content)] : content.map((part) => text(part.text));
const withName = (name: string | undefined) => (name !== undefined ? { name } : {});

function decodeMessage(message: ChatMessage): CallMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', variant: message.role, content: textParts(message.content), ...withName(message.name) };
    case 'user':
      return {
        role: 'user',
        content: typeof message.content === 'string' ? [text(message.content)] : message.content.map(decodeUserPart),
        ...withName(message.name),
      };
    case 'assistant':
      return { role: 'assistant', content: decodeAssistantContent(message), ...withName(message.name) };
    case 'tool':
      return { role: 'tool', content: [{ type: 'tool-result', toolCallId: message.tool_call_id, content: textParts(message.content) }] };
  }
}

function decodeUserPart(part: UserContentPart): UserPart {
  switch (part.type) {
    case 'text':
      return text(part.text);
    case 'image_url': {
      const inline = parseDataUrl(part.image_url.url);
      return {
        type: 'image',
        source: inline ? { kind: 'base64', ...inline } : { kind: 'url', url: part.image_url.url },
        ...(part.image_url.detail !== undefined && { detail: part.image_url.detail }),
      };
    }
    case 'input_audio':
      return { type: 'audio', data: part.input_audio.data, format: part.input_audio.format };
    case 'file': {
      const { file_data: data, file_id: id, filename } = part.file;
      const inline = data !== undefined ? parseDataUrl(data) : undefined;
      const title = filename !== undefined ? { title: filename } : {};
      if (inline) return { type: 'document', source: { kind: 'base64', ...inline }, ...title };
      if (data === undefined && id !== undefined) return { type: 'document', source: { kind: 'file', family: 'openai-compatible', id }, ...title };
      // Raw base64 without a media type, or no content at all: only an OpenAI-compatible target can judge it.
      return { type: 'native', dialect: 'openai-chat', block: part };
    }
  }
}

/**
 * Reasoning first (it came before the answer), then the content parts, the `refusal` field, and the
 * tool calls. `reasoning_content` has no signature: an OpenAI client has nowhere to keep one, so it
 * cannot be sent back as a model's own thinking. An empty content string says nothing (clients send
 * `""` beside tool calls), so it is no part.
 */
function decodeAssistantContent(message: Extract<ChatMessage, { role: 'assistant' }>): AssistantPart[] {
  const parts: AssistantPart[] = [];
  if (message.reasoning_content) parts.push({ type: 'reasoning', text: message.reasoning_content });
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') parts.push(text(content));
  } else if (content) {
    for (const part of content) parts.push(part.type === 'text' ? text(part.text) : { type: 'refusal', text: part.refusal });
  }
  if (message.refusal) parts.push({ type: 'refusal', text: message.refusal });
  for (const call of message.tool_calls ?? []) parts.push(decodeToolCall(call));
  return parts;
}

function decodeToolCall(call: ChatToolCall): ToolCallPart {
  const signature = call.extra_content?.google?.thought_signature;
  return {
    type: 'tool-call',
    id: call.id,
    name: call.function.name,
    arguments: call.function.arguments,
    ...(signature !== undefined && { signature: { issuer: 'gemini', value: signature } }),
  };
}

/** A tool of a kind other than `function` (OpenAI's built-in ones) is kept whole for OpenAI-dialect targets. */
export type OpenAIChatTool = ChatTool | (Readonly<Record<string, unknown>> & { type: string });

export function decodeTool(tool: OpenAIChatTool): Tool {
  if (isFunctionTool(tool)) {
    const { name, description, parameters, strict } = tool.function;
    return {
      kind: 'function',
      name,
      ...(description !== undefined && { description }),
      ...(parameters !== undefined && { parameters }),
      ...(strict !== undefined && { strict }),
    };
  }
  return { kind: 'native', dialect: 'openai-chat', type: tool.type, definition: tool };
}

const isFunctionTool = (tool: OpenAIChatTool): tool is ChatTool => tool.type === 'function';

function decodeToolChoice(choice: ChatToolChoice): ToolChoice {
  return typeof choice === 'string' ? { mode: choice } : { mode: 'tool', name: choice.function.name };
}

function decodeOutput(chat: ChatRequest): OutputSpec {
  const maxTokens = requestedMaxTokens(chat);
  return {
    format: decodeFormat(chat.response_format),
    ...(maxTokens !== undefined && { maxTokens }),
    choices: chat.n ?? 1,
    stop: [...stopSequences(chat)],
    ...(chat.logprobs === true && { logprobs: chat.top_logprobs != null ? { top: chat.top_logprobs } : {} }),
  };
}

function decodeFormat(format: ChatResponseFormat | undefined): OutputFormat {
  switch (format?.type) {
    case undefined:
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const { name, description, schema, strict } = format.json_schema;
      return {
        type: 'json-schema',
        name,
        ...(description !== undefined && { description }),
        ...(schema !== undefined && { schema }),
        ...(strict !== undefined && { strict }),
      };
    }
  }
}

/** Only what the caller set: an absent or null number leaves the provider's default. */
function decodeSampling(chat: ChatRequest): Sampling {
  const sampling: Sampling = {};
  if (chat.temperature != null) sampling.temperature = chat.temperature;
  if (chat.top_p != null) sampling.topP = chat.top_p;
  if (chat.seed != null) sampling.seed = chat.seed;
  if (chat.presence_penalty != null) sampling.presencePenalty = chat.presence_penalty;
  if (chat.frequency_penalty != null) sampling.frequencyPenalty = chat.frequency_penalty;
  return sampling;
}
