/**
 * OpenAI's Responses request (`POST /v1/responses`), as the gateway accepts it: what OpenAI's API
 * reference and the `openai` SDK's types accept. The fields the door translates are checked
 * strictly; objects stay loose and unknown top-level fields are kept (Codex sends its own
 * `client_metadata`), so OpenAI itself still receives parameters newer than this file. Items and
 * tools of kinds the door does not translate (hosted tools' calls, MCP, computer use...) are kept
 * whole: OpenAI reads them, other providers leave them out with a note.
 */
import * as z from 'zod';
import { lazySchema } from '../../validation/lazy-schema.ts';
import { modelNameSchema } from '../openai-chat/chat-request-schema.ts';
import { ROUTING_EXTENSION_FIELD } from '../../routing/routing-preferences.ts';

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const TRANSLATED_TOOL_TYPES = new Set(['function', 'custom', 'namespace']);

/** Built on the first Responses request (lazy-schema.ts). */
function build() {
  const itemStatus = nullable(z.enum(['in_progress', 'completed', 'incomplete']));

  const inputText = z.looseObject({ type: z.literal('input_text'), text: z.string() });
  const inputImage = z.looseObject({
    type: z.literal('input_image'),
    image_url: nullable(z.string().min(1)),
    file_id: nullable(z.string().min(1)),
    detail: nullable(z.enum(['low', 'high', 'auto', 'original'])),
  });
  const inputFile = z.looseObject({
    type: z.literal('input_file'),
    file_data: nullable(z.string()),
    file_id: nullable(z.string()),
    file_url: nullable(z.string()),
    filename: nullable(z.string()),
  });
  const inputAudio = z.looseObject({
    type: z.literal('input_audio'),
    input_audio: z.looseObject({ data: z.string().min(1), format: z.string().min(1) }),
  });
  const outputText = z.looseObject({ type: z.literal('output_text'), text: z.string(), annotations: z.array(z.looseObject({})).optional() });
  const refusal = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

  const contentPart = z.discriminatedUnion('type', [inputText, inputImage, inputFile, inputAudio, outputText, refusal]);

  /** `type` may be left out of a message, as OpenAI's EasyInputMessage allows. */
  const message = z.looseObject({
    type: z.literal('message').optional(),
    role: z.enum(['user', 'assistant', 'system', 'developer']),
    content: z.union([z.string(), z.array(contentPart)]),
    id: nullable(z.string()),
    status: itemStatus,
    /** `commentary` or `final_answer` today; OpenAI's to judge. */
    phase: nullable(z.string()),
  });

  const functionCall = z.looseObject({
    type: z.literal('function_call'),
    call_id: z.string().min(1),
    name: z.string().min(1),
    arguments: z.string(),
    namespace: nullable(z.string()),
    id: nullable(z.string()),
    status: itemStatus,
  });
  /** A tool's output: text, or text, image and file parts. */
  const toolOutput = z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, inputImage, inputFile]))]);
  const functionCallOutput = z.looseObject({
    type: z.literal('function_call_output'),
    call_id: z.string().min(1),
    output: toolOutput,
    id: nullable(z.string()),
    status: itemStatus,
  });
  const customToolCall = z.looseObject({
    type: z.literal('custom_tool_call'),
    call_id: z.string().min(1),
    name: z.string().min(1),
    input: z.string(),
    namespace: nullable(z.string()),
    id: nullable(z.string()),
  });
  const customToolCallOutput = z.looseObject({
    type: z.literal('custom_tool_call_output'),
    call_id: z.string().min(1),
    output: toolOutput,
    id: nullable(z.string()),
  });
  const reasoning = z.looseObject({
    type: z.literal('reasoning'),
    id: nullable(z.string()),
    summary: z.array(z.looseObject({ type: z.literal('summary_text'), text: z.string() })),
    content: nullable(z.array(z.looseObject({ type: z.string(), text: z.string() }))),
    /** OpenAI's own, or the gateway's envelope of another provider's signed reasoning (`sy1.`, reasoning-envelope.ts). */
    encrypted_content: nullable(z.string()),
    status: itemStatus,
  });
  /** An item of an earlier response, by its id (`type` may be left out). */
  const itemReference = z.looseObject({ type: nullable(z.literal('item_reference')), id: z.string().min(1) });

  const TRANSLATED_ITEM_TYPES = ['message', 'function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output', 'reasoning', 'item_reference'] as const;
  const TRANSLATED_ITEMS: ReadonlySet<string> = new Set(TRANSLATED_ITEM_TYPES);
  /** Another kind of item (a hosted tool's call or output, MCP, computer use, compaction...), kept whole. */
  const otherItem = z.looseObject({ type: z.string().refine((type) => !TRANSLATED_ITEMS.has(type), { abort: true }) });

  /**
   * A message is told by its role, an item reference by its bare id, the rest by their type. Each
   * branch is gated on that, so a 400 names the mistake inside the item rather than a form it is not.
   */
  const gated = <T extends z.ZodType<unknown, Record<string, unknown>>>(applies: (item: Record<string, unknown>) => boolean, schema: T) =>
    z.looseObject({}).refine(applies, { abort: true }).pipe(schema);
  const hasRole = (item: Record<string, unknown>) => item['role'] !== undefined;
  const typeOf = (item: Record<string, unknown>) => item['type'];
  const inputItem = z.union([
    gated(hasRole, message),
    gated((item) => !hasRole(item) && (typeOf(item) == null || typeOf(item) === 'item_reference'), itemReference),
    gated(
      (item) => !hasRole(item) && typeof typeOf(item) === 'string' && typeOf(item) !== 'item_reference',
      z.union([z.discriminatedUnion('type', [functionCall, functionCallOutput, customToolCall, customToolCallOutput, reasoning]), otherItem]),
    ),
  ]);

  const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, underscores or dashes');
  const functionTool = z.looseObject({
    type: z.literal('function'),
    name: functionName,
    description: nullable(z.string()),
    parameters: nullable(z.record(z.string(), z.unknown())),
    strict: nullable(z.boolean()),
  });
  const customTool = z.looseObject({
    type: z.literal('custom'),
    name: functionName,
    description: nullable(z.string()),
    format: nullable(z.looseObject({ type: z.enum(['text', 'grammar']), syntax: z.string().optional(), definition: z.string().optional() })),
  });
  /** Function and custom tools grouped under a name (Codex's `multi_agent_v1`). */
  const namespaceTool = z.looseObject({
    type: z.literal('namespace'),
    name: functionName,
    description: z.string().optional(),
    tools: z.array(z.discriminatedUnion('type', [functionTool, customTool])),
  });
  /** A tool OpenAI runs or defines (web_search, file_search, code_interpreter, mcp, shell...), kept whole. */
  const hostedTool = z.looseObject({ type: z.string().refine((type) => !TRANSLATED_TOOL_TYPES.has(type), { abort: true }) });
  const tool = z.union([z.discriminatedUnion('type', [functionTool, customTool, namespaceTool]), hostedTool]);

  const NAMED_CHOICES = new Set(['function', 'custom', 'allowed_tools']);
  const toolChoice = z.union([
    z.enum(['none', 'auto', 'required']),
    z.looseObject({ type: z.literal('function'), name: z.string().min(1) }),
    z.looseObject({ type: z.literal('custom'), name: z.string().min(1) }),
    z.looseObject({ type: z.literal('allowed_tools'), mode: z.enum(['auto', 'required']), tools: z.array(z.looseObject({ type: z.string() })) }),
    /** A hosted tool by its type ({type: 'web_search_preview'}), MCP, shell, apply_patch... */
    z.looseObject({ type: z.string().refine((type) => !NAMED_CHOICES.has(type), { abort: true }) }),
  ]);

  const textFormat = z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('text') }),
    z.looseObject({ type: z.literal('json_object') }),
    z.looseObject({
      type: z.literal('json_schema'),
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, underscores or dashes'),
      schema: z.record(z.string(), z.unknown()),
      description: z.string().optional(),
      strict: nullable(z.boolean()),
    }),
  ]);

  const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;

  const responsesRequest = z.looseObject({
    model: modelNameSchema(),
    input: z.union([z.string(), z.array(inputItem)]).optional(),
    instructions: nullable(z.string()),
    tools: z.array(tool).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: nullable(z.boolean()),
    text: z.looseObject({ format: textFormat.optional(), verbosity: nullable(z.enum(['low', 'medium', 'high'])) }).optional(),
    reasoning: nullable(
      z.looseObject({
        effort: nullable(z.enum(REASONING_EFFORTS)),
        summary: nullable(z.enum(['auto', 'concise', 'detailed'])),
        /** The earlier spelling of `summary`. */
        generate_summary: nullable(z.enum(['auto', 'concise', 'detailed'])),
      }),
    ),
    max_output_tokens: nullable(z.int().min(1)),
    max_tool_calls: nullable(z.int().min(1)),
    temperature: nullable(z.number().min(0).max(2)),
    top_p: nullable(z.number().min(0).max(1)),
    top_logprobs: nullable(z.int().min(0).max(20)),
    truncation: nullable(z.enum(['auto', 'disabled'])),
    metadata: nullable(z.record(z.string().max(64), z.string().max(512))),
    include: nullable(z.array(z.string())),
    store: nullable(z.boolean()),
    previous_response_id: nullable(z.string().min(1)),
    stream: nullable(z.boolean()),
    stream_options: nullable(z.looseObject({ include_obfuscation: z.boolean().optional() })),
    user: z.string().optional(),
    safety_identifier: nullable(z.string().max(128)),
    prompt_cache_key: nullable(z.string()),
    service_tier: nullable(z.string()),
    background: nullable(z.boolean()),
    /** The gateway's routing preferences: read and removed by the route, never sent on. */
    [ROUTING_EXTENSION_FIELD]: z.unknown().optional(),
  });

  return { responsesRequest, inputItem, message, contentPart, toolOutput, reasoning, functionCall, functionCallOutput, customToolCall, customToolCallOutput, tool, functionTool, customTool, namespaceTool, toolChoice, textFormat };
}

type Schemas = ReturnType<typeof build>;
const schemas = lazySchema(build);

export const responsesRequestSchema = (): Schemas['responsesRequest'] => schemas().responsesRequest;

/** A validated Responses body: what the door decodes and, its `switchyard` field removed, what OpenAI receives. */
export type ResponsesRequest = z.infer<Schemas['responsesRequest']>;
export type InputItem = z.infer<Schemas['inputItem']>;
export type MessageItem = z.infer<Schemas['message']>;
export type ContentPart = z.infer<Schemas['contentPart']>;
export type ToolOutput = z.infer<Schemas['toolOutput']>;
export type ReasoningItem = z.infer<Schemas['reasoning']>;
/** The items the door translates, other than messages and references. */
export type TypedItem = z.infer<Schemas['functionCall']> | z.infer<Schemas['functionCallOutput']> | z.infer<Schemas['customToolCall']> | z.infer<Schemas['customToolCallOutput']> | ReasoningItem;
const TYPED_ITEMS: ReadonlySet<unknown> = new Set(['function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output', 'reasoning']);
export const isTypedItem = (item: InputItem): item is TypedItem => TYPED_ITEMS.has(item.type);
export const isMessageItem = (item: InputItem): item is MessageItem => 'role' in item && item.role !== undefined;
export type ResponsesTool = z.infer<Schemas['tool']>;
export type FunctionToolParam = z.infer<Schemas['functionTool']>;
export type CustomToolParam = z.infer<Schemas['customTool']>;
export type NamespaceToolParam = z.infer<Schemas['namespaceTool']>;
/** A tool the client runs (function, custom, a namespace of them); any other is hosted by OpenAI. */
export const isOwnTool = (tool: ResponsesTool): tool is FunctionToolParam | CustomToolParam | NamespaceToolParam => TRANSLATED_TOOL_TYPES.has(tool.type);
export type ResponsesToolChoice = z.infer<Schemas['toolChoice']>;
export type TextFormat = z.infer<Schemas['textFormat']>;
