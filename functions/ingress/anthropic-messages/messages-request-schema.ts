/**
 * Anthropic's Messages request (POST /v1/messages) and token count request (POST
 * /v1/messages/count_tokens), as the gateway accepts them: the top-level fields Anthropic accepts,
 * those its betas enable included (the header alone enables them), and no other, as Anthropic
 * refuses them ("Extra inputs are not permitted"), except the gateway's own `switchyard`.
 *
 * Below the top level the objects are loose: Anthropic adds fields to them under betas
 * (cache_control.scope, a tool's input_examples) that an Anthropic target must still receive. The
 * blocks the neutral call has parts for are checked; any other block type (server tool uses and
 * their results, search results, MCP, compaction, container uploads, and types newer than this
 * file) and any server tool are kept whole, only their `type` checked: Anthropic adds them under
 * betas every few weeks, and a gateway that refused them would break clients before Anthropic does.
 */
import * as z from 'zod';
import { lazySchema } from '../../validation/lazy-schema.ts';
import { modelNameSchema } from '../openai-chat/chat-request-schema.ts';
import { ROUTING_EXTENSION_FIELD } from '../../routing/routing-preferences.ts';

/** Null is Anthropic's "none", as absent is. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/**
 * A block of a type this file does not check, kept whole. Listed first in each union and refusing
 * the checked types outright (abort), so that a checked block's own mistake is the error reported.
 */
const otherBlock = (checked: ReadonlySet<string>) =>
  z.looseObject({ type: z.string() }).refine((block) => !checked.has(block.type), { abort: true });

const typesOf = (blocks: ReadonlyArray<{ shape: { type: { value: string } } }>): ReadonlySet<string> => new Set(blocks.map((block) => block.shape.type.value));

/** Built on the first Messages or token count request (lazy-schema.ts). */
function build() {
  const cacheControl = optional(z.looseObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() }));

  /** A citation as the client got it from a response: sent back whole (its kind has its own location fields). */
  const citation = z.looseObject({ type: z.string(), cited_text: z.string() });

  const textBlock = z.looseObject({
    type: z.literal('text'),
    text: z.string(),
    cache_control: cacheControl,
    citations: optional(z.array(citation)),
  });

  const imageSource = z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('base64'), media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']), data: z.string() }),
    z.looseObject({ type: z.literal('url'), url: z.string() }),
    z.looseObject({ type: z.literal('file'), file_id: z.string() }),
  ]);
  const imageBlock = z.looseObject({ type: z.literal('image'), source: imageSource, cache_control: cacheControl });

  const documentSource = z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string() }),
    z.looseObject({ type: z.literal('text'), media_type: z.literal('text/plain'), data: z.string() }),
    /** The document as text and image blocks of its own. */
    z.looseObject({ type: z.literal('content'), content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]) }),
    z.looseObject({ type: z.literal('url'), url: z.string() }),
    z.looseObject({ type: z.literal('file'), file_id: z.string() }),
  ]);
  const documentBlock = z.looseObject({
    type: z.literal('document'),
    source: documentSource,
    title: optional(z.string()),
    context: optional(z.string()),
    citations: optional(z.looseObject({ enabled: z.boolean().optional() })),
    cache_control: cacheControl,
  });

  const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
  const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

  const toolUseBlock = z.looseObject({
    type: z.literal('tool_use'),
    id: z.string(),
    name: z.string(),
    input: z.record(z.string(), z.unknown()),
    cache_control: cacheControl,
  });

  const checkedResultBlocks = [textBlock, imageBlock, documentBlock] as const;
  const checkedResultBlockTypes = typesOf(checkedResultBlocks);
  const toolResultContentBlock = z.union([otherBlock(checkedResultBlockTypes), z.discriminatedUnion('type', checkedResultBlocks)]);
  const toolResultBlock = z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z.union([z.string(), z.array(toolResultContentBlock)]).optional(),
    is_error: z.boolean().optional(),
    cache_control: cacheControl,
  });

  const checkedBlocks = [textBlock, imageBlock, documentBlock, thinkingBlock, redactedThinkingBlock, toolUseBlock, toolResultBlock] as const;
  const checkedBlockTypes = typesOf(checkedBlocks);
  const contentBlock = z.union([otherBlock(checkedBlockTypes), z.discriminatedUnion('type', checkedBlocks)]);

  const message = z.discriminatedUnion('role', [
    z.looseObject({
      role: z.enum(['user', 'assistant']),
      content: z.union([z.string(), z.array(contentBlock)]),
    }),
    /**
     * Instructions in the middle of the conversation (Claude Opus 4.8 on, no beta needed; Claude Code
     * sends its environment so to models it has no entry for). Where one may stand is Anthropic's to
     * judge for its models; the other families take a system message anywhere.
     */
    z.looseObject({ role: z.literal('system'), content: z.union([z.string(), z.array(textBlock)]) }),
  ]);

  /** A tool the client runs: `type` absent, null or `custom`. */
  const customTool = z.looseObject({
    type: optional(z.literal('custom')),
    name: z.string().min(1),
    description: z.string().optional(),
    input_schema: z.looseObject({ type: z.literal('object') }),
    strict: z.boolean().optional(),
    defer_loading: z.boolean().optional(),
    cache_control: cacheControl,
  });
  /** A tool Anthropic defines and usually runs (web_search_20250305, bash_20250124, code_execution_*...), kept whole. */
  const serverTool = z.looseObject({ type: z.string().refine((type) => type !== 'custom', { abort: true }) });
  const tool = z.union([customTool, serverTool]);

  const parallel = { disable_parallel_tool_use: z.boolean().optional() };
  const toolChoice = z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('auto'), ...parallel }),
    z.looseObject({ type: z.literal('any'), ...parallel }),
    z.looseObject({ type: z.literal('tool'), name: z.string(), ...parallel }),
    z.looseObject({ type: z.literal('none') }),
  ]);

  const thinkingDisplay = optional(z.enum(['summarized', 'omitted']));
  const thinking = z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('enabled'), budget_tokens: z.int().min(1024), display: thinkingDisplay }),
    z.looseObject({ type: z.literal('disabled') }),
    z.looseObject({ type: z.literal('adaptive'), display: thinkingDisplay }),
  ]);

  const jsonOutputFormat = z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) });
  const outputConfig = z.looseObject({
    effort: optional(z.enum(['low', 'medium', 'high', 'xhigh', 'max'])),
    format: optional(jsonOutputFormat),
  });

  /** What a token count reads; a Messages request adds what only generation needs. */
  const countTokensFields = {
    model: modelNameSchema(),
    messages: z.array(message).min(1),
    system: z.union([z.string(), z.array(textBlock)]).optional(),
    tools: z.array(tool).optional(),
    tool_choice: toolChoice.optional(),
    thinking: thinking.optional(),
    output_config: outputConfig.optional(),
    /** The structured-outputs beta's spelling of output_config.format. */
    output_format: optional(jsonOutputFormat),
    /** Request-level automatic caching. */
    cache_control: cacheControl,
    context_management: optional(z.looseObject({})),
    mcp_servers: z.array(z.looseObject({ type: z.string() })).optional(),
    speed: optional(z.string()),
    /** The gateway's routing preferences: read and removed by the route, never sent on. */
    [ROUTING_EXTENSION_FIELD]: z.unknown().optional(),
  };

  const countTokensRequest = z.strictObject(countTokensFields);

  const messagesRequest = z.strictObject({
    ...countTokensFields,
    /** 0 fills the prompt cache without generating anything. */
    max_tokens: z.int().min(0),
    stream: z.boolean().optional(),
    metadata: z.looseObject({ user_id: optional(z.string()) }).optional(),
    stop_sequences: z.array(z.string()).optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.int().min(0).optional(),
    service_tier: z.enum(['auto', 'standard_only']).optional(),
    container: optional(z.union([z.string(), z.looseObject({})])),
    inference_geo: optional(z.string()),
    // Newer betas, passed on as sent.
    diagnostics: optional(z.looseObject({})),
    fallbacks: z.unknown().optional(),
    fallback_credit_token: z.unknown().optional(),
  });

  return { messagesRequest, countTokensRequest, checkedBlockTypes, checkedResultBlockTypes, message, contentBlock, checkedBlocks, textBlock, imageBlock, documentBlock, toolResultBlock, toolResultContentBlock, checkedResultBlocks, tool, customTool, toolChoice, cacheControl };
}

type Schemas = ReturnType<typeof build>;
const schemas = lazySchema(build);

export const messagesRequestSchema = (): Schemas['messagesRequest'] => schemas().messagesRequest;
export const countTokensRequestSchema = (): Schemas['countTokensRequest'] => schemas().countTokensRequest;
export const checkedBlockTypes = (): Schemas['checkedBlockTypes'] => schemas().checkedBlockTypes;
export const checkedResultBlockTypes = (): Schemas['checkedResultBlockTypes'] => schemas().checkedResultBlockTypes;

/** A validated Messages body, its `switchyard` field removed: what the door decodes and a Claude target receives. */
export type MessagesRequest = Omit<z.infer<Schemas['messagesRequest']>, typeof ROUTING_EXTENSION_FIELD>;
export type MessageParam = z.infer<Schemas['message']>;
export type ContentBlock = z.infer<Schemas['contentBlock']>;
export type CheckedBlock = z.infer<Schemas['checkedBlocks'][number]>;
export type TextBlock = z.infer<Schemas['textBlock']>;
export type ImageBlock = z.infer<Schemas['imageBlock']>;
export type DocumentBlock = z.infer<Schemas['documentBlock']>;
export type ToolResultBlock = z.infer<Schemas['toolResultBlock']>;
export type ToolResultContentBlock = z.infer<Schemas['toolResultContentBlock']>;
export type CheckedResultBlock = z.infer<Schemas['checkedResultBlocks'][number]>;
export type Tool = z.infer<Schemas['tool']>;
export type CustomTool = z.infer<Schemas['customTool']>;
export type ToolChoice = z.infer<Schemas['toolChoice']>;
export type CacheControl = z.infer<Schemas['cacheControl']>;
