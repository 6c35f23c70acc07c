/**
 * OpenAI's Chat Completions request, as the gateway accepts it. Fields the gateway translates are
 * checked strictly; fields it does not know are kept (loose objects), so an OpenAI-compatible
 * provider still receives parameters that are newer than this file.
 */
import * as z from 'zod';
import { lazySchema } from '../../validation/lazy-schema.ts';

/** Longer than any provider's model names, ARNs included. */
export const MAX_MODEL_NAME_LENGTH = 256;

/** The `model` of every front door's request. */
export const modelNameSchema = lazySchema(() =>
  z
    .string()
    // It travels in response headers, which must be ASCII; it names state kept per target (health, breakers), which must stay small.
    .max(MAX_MODEL_NAME_LENGTH, `must be a model name of at most ${MAX_MODEL_NAME_LENGTH} characters`)
    .regex(/^[\x21-\x7e]+$/, 'must be a model name in printable ASCII without spaces'),
);

/** Built on the first chat request (lazy-schema.ts). */
function build() {
  const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
  const imagePart = z.looseObject({
    type: z.literal('image_url'),
    image_url: z.looseObject({
      url: z.string().min(1),
      detail: z.enum(['auto', 'low', 'high']).optional(),
    }),
  });
  const audioPart = z.looseObject({
    type: z.literal('input_audio'),
    input_audio: z.looseObject({ data: z.string().min(1), format: z.string().min(1) }),
  });
  const filePart = z.looseObject({
    type: z.literal('file'),
    file: z.looseObject({
      file_data: z.string().optional(),
      file_id: z.string().optional(),
      filename: z.string().optional(),
    }),
  });
  const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

  const userContentPart = z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart]);
  const assistantContentPart = z.discriminatedUnion('type', [textPart, refusalPart]);

  const textContent = z.union([z.string(), z.array(textPart)]);

  const toolCall = z.looseObject({
    id: z.string().min(1),
    type: z.literal('function').optional(),
    function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
    /** Provider data echoed back by the client, e.g. Gemini's thought signature. */
    extra_content: z.looseObject({ google: z.looseObject({ thought_signature: z.string() }).optional() }).optional(),
  });

  const systemMessage = z.looseObject({ role: z.literal('system'), content: textContent, name: z.string().optional() });
  const developerMessage = z.looseObject({ role: z.literal('developer'), content: textContent, name: z.string().optional() });
  const userMessage = z.looseObject({
    role: z.literal('user'),
    content: z.union([z.string(), z.array(userContentPart).min(1)]),
    name: z.string().optional(),
  });
  const assistantMessage = z.looseObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(assistantContentPart), z.null()]).optional(),
    refusal: z.string().nullable().optional(),
    tool_calls: z.array(toolCall).optional(),
    reasoning_content: z.string().nullable().optional(),
    name: z.string().optional(),
  });
  const toolMessage = z.looseObject({
    role: z.literal('tool'),
    content: textContent,
    tool_call_id: z.string().min(1),
  });

  const chatMessage = z.discriminatedUnion('role', [
    systemMessage,
    developerMessage,
    userMessage,
    assistantMessage,
    toolMessage,
  ]);

  const functionTool = z.looseObject({
    type: z.literal('function'),
    function: z.looseObject({
      name: z
        .string()
        .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, underscores or dashes'),
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  });

  const toolChoice = z.union([
    z.enum(['none', 'auto', 'required']),
    z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
  ]);

  const responseFormat = z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('text') }),
    z.looseObject({ type: z.literal('json_object') }),
    z.looseObject({
      type: z.literal('json_schema'),
      json_schema: z.looseObject({
        name: z.string().min(1),
        description: z.string().optional(),
        schema: z.record(z.string(), z.unknown()).optional(),
        strict: z.boolean().nullable().optional(),
      }),
    }),
  ]);

  const positiveInt = z.int().positive();

  const chatRequest = z
    .looseObject({
      model: modelNameSchema(),
      messages: z.array(chatMessage).min(1),
      stream: z.boolean().nullable().optional(),
      stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
      max_tokens: positiveInt.nullable().optional(),
      max_completion_tokens: positiveInt.nullable().optional(),
      temperature: z.number().min(0).max(2).nullable().optional(),
      top_p: z.number().min(0).max(1).nullable().optional(),
      n: z.int().min(1).max(128).nullable().optional(),
      stop: z.union([z.string(), z.array(z.string()).max(16)]).nullable().optional(),
      presence_penalty: z.number().min(-2).max(2).nullable().optional(),
      frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
      seed: z.int().nullable().optional(),
      user: z.string().optional(),
      logprobs: z.boolean().nullable().optional(),
      top_logprobs: z.int().min(0).max(20).nullable().optional(),
      response_format: responseFormat.optional(),
      tools: z.array(functionTool).optional(),
      tool_choice: toolChoice.optional(),
      parallel_tool_calls: z.boolean().optional(),
      reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional(),
    })
    .superRefine((request, ctx) => {
      const choice = request.tool_choice;
      if (typeof choice === 'object') {
        const names = new Set(request.tools?.map((tool) => tool.function.name));
        if (!names.has(choice.function.name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['tool_choice'],
            message: `names the function '${choice.function.name}', which is not in 'tools'`,
          });
        }
      }
    });

  return { chatRequest, chatMessage, userContentPart, functionTool, toolCall, toolChoice, responseFormat };
}

type Schemas = ReturnType<typeof build>;
const schemas = lazySchema(build);

export const chatRequestSchema = (): Schemas['chatRequest'] => schemas().chatRequest;

export type ChatRequest = z.infer<Schemas['chatRequest']>;
export type ChatMessage = z.infer<Schemas['chatMessage']>;
export type UserContentPart = z.infer<Schemas['userContentPart']>;
export type ChatTool = z.infer<Schemas['functionTool']>;
export type ChatToolCall = z.infer<Schemas['toolCall']>;
export type ChatToolChoice = z.infer<Schemas['toolChoice']>;
export type ChatResponseFormat = z.infer<Schemas['responseFormat']>;
export type ReasoningEffort = NonNullable<ChatRequest['reasoning_effort']>;
