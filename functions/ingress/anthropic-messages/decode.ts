/**
 * An Anthropic Messages body, as the door validated it, read into the neutral call. Nothing is
 * lost: the body rides along as `origin.body` (with the anthropic-version and anthropic-beta
 * headers) for Claude targets, which get it as sent, and top-level fields the call has no word for
 * are kept in `providerOptions.anthropic`, with the betas the header asked for.
 *
 * The turn structure is the call's: the system prompt becomes a system message (as does a system
 * message in the conversation, where it stands), and a user turn's tool results become a tool turn
 * of their own, in their place (Claude Code's reminders after the results stay a user turn after
 * it). Blocks only Anthropic can express (server tools and their
 * results, search results, a document made of blocks...) are kept whole as native parts.
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import type { Call, CallMessage, ServiceTier } from '../../core/call.ts';
import type { CacheBreakpoint, CacheHints } from '../../core/cache.ts';
import type { OutputFormat, Sampling } from '../../core/output.ts';
import type { AssistantPart, Citation, DocumentPart, ImagePart, MediaSource, NativePart, TextPart, ToolResultPart, UserPart } from '../../core/parts.ts';
import type { ReasoningRequest } from '../../core/reasoning.ts';
import type { Tool, ToolChoice } from '../../core/tools.ts';
import type { RoutingPreferences } from '../../routing/routing-preferences.ts';
import {
  checkedBlockTypes,
  checkedResultBlockTypes,
  type CacheControl,
  type CheckedBlock,
  type CheckedResultBlock,
  type ContentBlock,
  type CustomTool,
  type DocumentBlock,
  type ImageBlock,
  type MessageParam,
  type MessagesRequest,
  type TextBlock,
  type Tool as MessagesTool,
  type ToolChoice as MessagesToolChoice,
  type ToolResultBlock,
  type ToolResultContentBlock,
} from './messages-request-schema.ts';

/** Top-level fields the call names: every other one goes to `providerOptions.anthropic`. */
const NAMED_FIELDS = new Set([
  'model',
  'messages',
  'system',
  'max_tokens',
  'stream',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'output_format',
  'cache_control',
  'service_tier',
]);

/** The request headers a Claude target receives as the client sent them. */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

const DIALECT = 'anthropic-messages';

/**
 * `headers` are the request's, names in lower case; `sent` is the body as the client sent it
 * (validation rebuilds objects), which a Claude target receives.
 */
export function decodeMessagesRequest(
  body: MessagesRequest,
  preferences: RoutingPreferences,
  headers: Readonly<Record<string, string | undefined>>,
  sent: Readonly<Record<string, unknown>> = body,
): Call {
  const forwardHeaders: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    if (value !== undefined) forwardHeaders[name] = value;
  }
  const betas = (headers['anthropic-beta'] ?? '')
    .split(',')
    .map((beta) => beta.trim())
    .filter((beta) => beta !== '');
  const unnamed = Object.entries(body).filter(([key, value]) => !NAMED_FIELDS.has(key) && value != null);
  const anthropic = { ...Object.fromEntries(unnamed), ...(betas.length > 0 && { betas }) };

  const choice = body.tool_choice;
  const disableParallel = choice !== undefined && choice.type !== 'none' ? choice.disable_parallel_tool_use : undefined;
  const serviceTier = body.service_tier === undefined ? undefined : SERVICE_TIER[body.service_tier];
  const reasoning = decodeReasoning(body);
  const userId = body.metadata?.user_id;
  return {
    model: body.model,
    messages: [...decodeSystem(body.system), ...body.messages.flatMap(decodeMessage)],
    tools: (body.tools ?? []).map(decodeTool),
    ...(choice !== undefined && { toolChoice: decodeToolChoice(choice) }),
    ...(disableParallel !== undefined && { parallelToolCalls: !disableParallel }),
    output: { format: decodeFormat(body), maxTokens: body.max_tokens, choices: 1, stop: [...(body.stop_sequences ?? [])] },
    sampling: decodeSampling(body),
    ...(reasoning && { reasoning }),
    cache: decodeCache(body),
    stream: body.stream ?? false,
    ...(typeof userId === 'string' && { user: userId }),
    ...(serviceTier && { serviceTier }),
    preferences,
    providerOptions: Object.keys(anthropic).length > 0 ? { anthropic } : {},
    origin: { dialect: DIALECT, body: sent, forwardHeaders },
    overrides: {},
  };
}

/** Anthropic's `standard_only` keeps a request off priority capacity: the default tier, in the call's words. */
const SERVICE_TIER: Record<NonNullable<MessagesRequest['service_tier']>, ServiceTier> = { auto: 'auto', standard_only: 'default' };

const native = (block: Readonly<Record<string, unknown>>): NativePart => ({ type: 'native', dialect: DIALECT, block });

const cacheOf = (control: CacheControl): { cache?: CacheBreakpoint } =>
  control == null ? {} : { cache: control.ttl === undefined ? {} : { ttl: control.ttl } };

/** A block the schema checked (the others are kept whole, their `type` any string). */
const isChecked = (block: ContentBlock): block is CheckedBlock => checkedBlockTypes().has(block.type);
const isCheckedResult = (block: ToolResultContentBlock): block is CheckedResultBlock => checkedResultBlockTypes().has(block.type);

const text = (value: string): TextPart => ({ type: 'text', text: value });

function decodeText(block: TextBlock): TextPart {
  const citations = block.citations?.map(
    (citation): Citation => ({
      kind: citation.type,
      citedText: citation.cited_text,
      ...(typeof citation['document_index'] === 'number' && { documentIndex: citation['document_index'] }),
      raw: citation,
    }),
  );
  return { ...text(block.text), ...cacheOf(block.cache_control), ...(citations && { citations }) };
}

/** The system prompt, or a system message in place. An empty one says nothing, so it is no message. */
function decodeSystem(system: MessagesRequest['system']): CallMessage[] {
  if (system === undefined || system === '' || system.length === 0) return [];
  return [{ role: 'system', variant: 'system', content: typeof system === 'string' ? [text(system)] : system.map(decodeText) }];
}

function decodeMessage(message: MessageParam): CallMessage[] {
  if (message.role === 'system') return decodeSystem(message.content);
  if (typeof message.content === 'string') return [{ role: message.role, content: [text(message.content)] }];
  if (message.role === 'assistant') return [{ role: 'assistant', content: message.content.map(decodeAssistantBlock) }];
  return decodeUserTurn(message.content);
}

/** Each run of tool results is a tool turn and each run of other blocks a user turn, in the order sent. */
function decodeUserTurn(blocks: readonly ContentBlock[]): CallMessage[] {
  if (blocks.length === 0) return [{ role: 'user', content: [] }];
  const turns: CallMessage[] = [];
  for (const block of blocks) {
    const result = isChecked(block) && block.type === 'tool_result' ? decodeToolResult(block) : undefined;
    const last = turns.at(-1);
    if (result) {
      if (last?.role === 'tool') last.content.push(result);
      else turns.push({ role: 'tool', content: [result] });
    } else {
      const part = decodeUserBlock(block);
      if (last?.role === 'user') last.content.push(part);
      else turns.push({ role: 'user', content: [part] });
    }
  }
  return turns;
}

/** Thinking or tool use in a user turn is Anthropic's to judge: kept whole. */
function decodeUserBlock(block: ContentBlock): UserPart {
  if (!isChecked(block)) return native(block);
  switch (block.type) {
    case 'text':
      return decodeText(block);
    case 'image':
      return decodeImage(block);
    case 'document':
      return decodeDocument(block) ?? native(block);
    default:
      return native(block);
  }
}

/**
 * A thinking block's signature makes it sendable back to Claude; an empty one (what this door
 * gives reasoning that came from another model line) is none.
 */
function decodeAssistantBlock(block: ContentBlock): AssistantPart {
  if (!isChecked(block)) return native(block);
  switch (block.type) {
    case 'text':
      return decodeText(block);
    case 'thinking':
      return { type: 'reasoning', text: block.thinking, ...(block.signature !== '' && { signature: { issuer: 'claude', value: block.signature } }) };
    case 'redacted_thinking':
      return { type: 'redacted-reasoning', data: block.data, issuer: 'claude' };
    case 'tool_use':
      return { type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(block.input), ...cacheOf(block.cache_control) };
    default:
      return native(block);
  }
}

function decodeImage(block: ImageBlock): ImagePart {
  const { source } = block;
  const media: MediaSource =
    source.type === 'base64'
      ? { kind: 'base64', mediaType: source.media_type, data: source.data }
      : source.type === 'url'
        ? { kind: 'url', url: source.url }
        : { kind: 'file', family: 'anthropic', id: source.file_id };
  return { type: 'image', source: media, ...cacheOf(block.cache_control) };
}

/** Undefined for a document made of its own content blocks, which only Anthropic reads. */
function decodeDocument(block: DocumentBlock): DocumentPart | undefined {
  const { source } = block;
  let media: MediaSource;
  switch (source.type) {
    case 'base64':
      media = { kind: 'base64', mediaType: source.media_type, data: source.data };
      break;
    case 'text':
      media = { kind: 'text', mediaType: source.media_type, data: source.data };
      break;
    case 'url':
      media = { kind: 'url', url: source.url };
      break;
    case 'file':
      media = { kind: 'file', family: 'anthropic', id: source.file_id };
      break;
    case 'content':
      return undefined;
  }
  return {
    type: 'document',
    source: media,
    ...(block.title != null && { title: block.title }),
    ...(block.context != null && { context: block.context }),
    ...(block.citations?.enabled !== undefined && { citations: block.citations.enabled }),
    ...cacheOf(block.cache_control),
  };
}

/**
 * Undefined when the result holds a block the call has no part for (a tool_reference from tool
 * search, a search result): the whole result is then a native part of the user turn.
 */
function decodeToolResult(block: ToolResultBlock): ToolResultPart | undefined {
  const content: ToolResultPart['content'] = [];
  if (typeof block.content === 'string') content.push(text(block.content));
  for (const inner of typeof block.content === 'string' ? [] : (block.content ?? [])) {
    if (!isCheckedResult(inner)) return undefined;
    if (inner.type === 'text') content.push(decodeText(inner));
    else if (inner.type === 'image') content.push(decodeImage(inner));
    else {
      const document = decodeDocument(inner);
      if (!document) return undefined;
      content.push(document);
    }
  }
  return {
    type: 'tool-result',
    toolCallId: block.tool_use_id,
    content,
    ...(block.is_error !== undefined && { isError: block.is_error }),
    ...cacheOf(block.cache_control),
  };
}

const isCustomTool = (tool: MessagesTool): tool is CustomTool => tool.type == null || tool.type === 'custom';

function decodeTool(tool: MessagesTool): Tool {
  if (isCustomTool(tool)) {
    return {
      kind: 'function',
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      parameters: tool.input_schema,
      ...(tool.strict !== undefined && { strict: tool.strict }),
      ...cacheOf(tool.cache_control),
    };
  }
  const name = tool['name'];
  return { kind: 'native', dialect: DIALECT, type: tool.type, ...(typeof name === 'string' && { name }), definition: tool };
}

function decodeToolChoice(choice: MessagesToolChoice): ToolChoice {
  switch (choice.type) {
    case 'auto':
    case 'none':
      return { mode: choice.type };
    case 'any':
      return { mode: 'required' };
    case 'tool':
      return { mode: 'tool', name: choice.name };
  }
}

/** Structured outputs have no name in Anthropic's request; the call's json-schema format needs one. */
const SCHEMA_NAME = 'response';

function decodeFormat(body: MessagesRequest): OutputFormat {
  const format = body.output_config?.format ?? body.output_format;
  return format == null ? { type: 'text' } : { type: 'json-schema', name: SCHEMA_NAME, schema: format.schema };
}

function decodeSampling(body: MessagesRequest): Sampling {
  const sampling: Sampling = {};
  if (body.temperature !== undefined) sampling.temperature = body.temperature;
  if (body.top_p !== undefined) sampling.topP = body.top_p;
  if (body.top_k !== undefined) sampling.topK = body.top_k;
  return sampling;
}

/** The thinking mode and budget, and the effort (Anthropic's `max` is the call's `xhigh`, as is its `xhigh`). */
function decodeReasoning(body: MessagesRequest): ReasoningRequest | undefined {
  const reasoning: ReasoningRequest = {};
  if (body.thinking) {
    reasoning.mode = body.thinking.type;
    if (body.thinking.type === 'enabled') reasoning.budgetTokens = body.thinking.budget_tokens;
  }
  const effort = body.output_config?.effort;
  if (effort != null) reasoning.effort = effort === 'max' ? 'xhigh' : effort;
  return Object.keys(reasoning).length > 0 ? reasoning : undefined;
}

/**
 * The caller placed breakpoints if any cache_control is set: at the top (automatic caching), on a
 * system block, a tool, or a message's block (a tool result's inner blocks included).
 */
function decodeCache(body: MessagesRequest): CacheHints {
  const marked = (item: unknown) => isJsonObject(item) && item['cache_control'] != null;
  const markedWithin = (block: unknown) => marked(block) || (isJsonObject(block) && Array.isArray(block['content']) && block['content'].some(marked));
  const callerPlaced =
    body.cache_control != null ||
    (Array.isArray(body.system) && body.system.some(marked)) ||
    (body.tools ?? []).some(marked) ||
    body.messages.some((message) => typeof message.content !== 'string' && message.content.some(markedWithin));
  const auto = cacheOf(body.cache_control).cache;
  return { callerPlaced, ...(auto && { auto }) };
}
