/**
 * A Responses body, as the door validated it (and with a stored conversation already put in front
 * of its input, expand-input.ts), read into the neutral call. The body rides along as
 * `origin.body` for a target that speaks Responses itself (OpenAI), which gets it as sent.
 *
 * Items become the call's turns: `instructions` and system or developer messages are system
 * messages where they stand; a run of assistant items (its message, reasoning, function and custom
 * tool calls, a hosted tool's call) is one assistant turn; a run of tool outputs one tool turn.
 * Reasoning comes back to the provider that signed it: the gateway's envelope (reasoning-envelope.ts)
 * holds Claude's thinking and Gemini's thought signatures; OpenAI's own `encrypted_content` is
 * kept as redacted reasoning only OpenAI could read, which the other families leave out. An item
 * only OpenAI understands (a web search's call, an MCP listing) is kept whole, for the families to
 * leave out with a note.
 */
import type { Call, CallMessage } from '../../core/call.ts';
import { SERVICE_TIERS } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { OutputFormat, OutputSpec, Sampling } from '../../core/output.ts';
import { parseDataUrl } from '../../core/parse-data-url.ts';
import type { AssistantPart, DocumentPart, ImagePart, NativePart, Signature, TextPart, ToolResultPart, UserPart } from '../../core/parts.ts';
import type { ReasoningRequest } from '../../core/reasoning.ts';
import type { Tool, ToolChoice } from '../../core/tools.ts';
import type { RoutingPreferences } from '../../routing/routing-preferences.ts';
import { flatName, flattenTools, CUSTOM_INPUT, type ToolOrigins } from './flatten-tools.ts';
import { decodeEnvelope, isEnvelope } from './reasoning-envelope.ts';
import {
  isMessageItem,
  isOwnTool,
  isTypedItem,
  type ContentPart,
  type InputItem,
  type MessageItem,
  type ReasoningItem,
  type ResponsesRequest,
  type ResponsesToolChoice,
  type TextFormat,
  type ToolOutput,
} from './responses-request-schema.ts';

const DIALECT = 'openai-responses';

export interface DecodedResponsesRequest {
  call: Call;
  /** What the flat tool names the model calls stand for (flatten-tools.ts), for the encoders. */
  origins: ToolOrigins;
}

/** `body` is what a Responses target receives: the request as sent, its stored conversation in front of its input. */
export function decodeResponsesRequest(request: ResponsesRequest, preferences: RoutingPreferences, body: Readonly<Record<string, unknown>> = request): DecodedResponsesRequest {
  const { functions, origins } = flattenTools(request.tools ?? []);
  const hosted = (request.tools ?? []).flatMap((tool): Tool[] => (!isOwnTool(tool) ? [{ kind: 'native', dialect: DIALECT, type: tool.type, definition: tool }] : []));
  const choice = request.tool_choice;
  const tools = allowedTools([...functions, ...hosted], choice);
  const reasoning = decodeReasoning(request.reasoning);
  const serviceTier = SERVICE_TIERS.find((tier) => tier === request.service_tier);
  const user = request.safety_identifier ?? request.user;
  const call: Call = {
    model: request.model,
    messages: [...(request.instructions ? [systemMessage([text(request.instructions)])] : []), ...decodeInput(request.input ?? [])],
    tools,
    ...(choice !== undefined && { toolChoice: decodeToolChoice(choice) }),
    ...(request.parallel_tool_calls != null && { parallelToolCalls: request.parallel_tool_calls }),
    output: decodeOutput(request),
    sampling: decodeSampling(request),
    ...(reasoning && { reasoning }),
    cache: { callerPlaced: false, ...(request.prompt_cache_key != null && { key: request.prompt_cache_key }) },
    stream: request.stream ?? false,
    ...(user != null && { user }),
    ...(serviceTier && { serviceTier }),
    preferences,
    providerOptions: {},
    origin: { dialect: DIALECT, body, forwardHeaders: {} },
    overrides: {},
  };
  return { call, origins };
}

const text = (value: string): TextPart => ({ type: 'text', text: value });
const systemMessage = (content: TextPart[]): CallMessage => ({ role: 'system', variant: 'system', content });
const native = (block: Readonly<Record<string, unknown>>): NativePart => ({ type: 'native', dialect: DIALECT, block });

function decodeInput(input: string | readonly InputItem[]): CallMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: [text(input)] }];
  const signatures = toolCallSignatures(input);
  const messages: CallMessage[] = [];
  /** The turn a part joins: the last one when it has the role, else a new one. */
  const assistantTurn = () => {
    const last = messages.at(-1);
    if (last?.role === 'assistant') return last.content;
    const turn: CallMessage = { role: 'assistant', content: [] };
    messages.push(turn);
    return turn.content;
  };
  const toolTurn = () => {
    const last = messages.at(-1);
    if (last?.role === 'tool') return last.content;
    const turn: CallMessage = { role: 'tool', content: [] };
    messages.push(turn);
    return turn.content;
  };
  input.forEach((item, index) => {
    const param = `input[${index}]`;
    if (isMessageItem(item)) {
      if (item.role === 'assistant') assistantTurn().push(...assistantContent(item, param));
      else messages.push(decodeMessage(item, param));
      return;
    }
    // Another kind of item: only OpenAI reads it. (An unresolved item reference never gets here: expand-input.ts resolves or refuses it.)
    if (!isTypedItem(item)) {
      assistantTurn().push(native(item));
      return;
    }
    switch (item.type) {
      case 'function_call': {
        const signature = signatures.get(item.call_id);
        assistantTurn().push({ type: 'tool-call', id: item.call_id, name: flatName(item.namespace, item.name), arguments: item.arguments, ...(signature && { signature }) });
        return;
      }
      case 'custom_tool_call':
        assistantTurn().push({ type: 'tool-call', id: item.call_id, name: flatName(item.namespace, item.name), arguments: JSON.stringify({ [CUSTOM_INPUT]: item.input }) });
        return;
      case 'function_call_output':
      case 'custom_tool_call_output':
        toolTurn().push(toolResult(item.call_id, item.output, `${param}.output`));
        return;
      case 'reasoning':
        assistantTurn().push(...decodeReasoningItem(item, `${param}.encrypted_content`));
        return;
    }
  });
  return messages;
}

/** Gemini's thought signatures for function calls, by call id, from the envelopes of the reasoning items sent back. */
function toolCallSignatures(input: readonly InputItem[]): Map<string, Signature> {
  const signatures = new Map<string, Signature>();
  input.forEach((item, index) => {
    if (!isTypedItem(item) || item.type !== 'reasoning') return;
    const encrypted = item.encrypted_content;
    if (encrypted == null || !isEnvelope(encrypted)) return;
    for (const [callId, signature] of Object.entries(decodeEnvelope(encrypted, `input[${index}].encrypted_content`).toolCalls)) signatures.set(callId, signature);
  });
  return signatures;
}

/**
 * The gateway's envelope gives the reasoning back with its signatures; OpenAI's own encrypted
 * reasoning stays for OpenAI, beside the summary text, which no other model line can verify.
 */
function decodeReasoningItem(item: ReasoningItem, param: string): AssistantPart[] {
  const encrypted = item.encrypted_content;
  if (encrypted != null && isEnvelope(encrypted)) return decodeEnvelope(encrypted, param).blocks;
  const summary = item.summary.map((part) => part.text).join('\n\n');
  return [
    ...(summary !== '' ? [{ type: 'reasoning' as const, text: summary }] : []),
    ...(encrypted != null && encrypted !== '' ? [{ type: 'redacted-reasoning' as const, data: encrypted, issuer: 'openai' as const }] : []),
  ];
}

/**
 * A user, system or developer message. A developer message is a system message to the call: the
 * variant matters only to a Chat Completions target reached by translation, which is never OpenAI
 * (OpenAI takes this body natively), and most other providers there know no `developer` role.
 */
function decodeMessage(item: MessageItem, param: string): CallMessage {
  const role = item.role;
  if (role === 'system' || role === 'developer') {
    const content = typeof item.content === 'string' ? [text(item.content)] : item.content.map((part, j) => textOnly(part, `${param}.content[${j}]`, `a ${role} message`));
    return systemMessage(content);
  }
  return { role: 'user', content: typeof item.content === 'string' ? [text(item.content)] : item.content.map((part, j) => userPart(part, `${param}.content[${j}]`)) };
}

function assistantContent(item: MessageItem, param: string): AssistantPart[] {
  if (typeof item.content === 'string') return item.content === '' ? [] : [text(item.content)];
  return item.content.map((part, j) => (part.type === 'refusal' ? { type: 'refusal', text: part.refusal } : textOnly(part, `${param}.content[${j}]`, 'an assistant message')));
}

function textOnly(part: ContentPart, param: string, where: string): TextPart {
  if (part.type === 'input_text' || part.type === 'output_text') return text(part.text);
  if (part.type === 'refusal') return text(part.refusal);
  throw invalidRequest(`Invalid value for '${param}': ${where} takes text only, not '${part.type}'.`, param, 'invalid_value');
}

function userPart(part: ContentPart, param: string): UserPart {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return text(part.text);
    case 'refusal':
      return text(part.refusal);
    case 'input_image':
      return image(part, param);
    case 'input_file':
      return file(part, param);
    case 'input_audio':
      return { type: 'audio', data: part.input_audio.data, format: part.input_audio.format };
  }
}

function image(part: Extract<ContentPart, { type: 'input_image' }>, param: string): ImagePart {
  const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? { detail: part.detail } : {};
  if (part.image_url != null) {
    const inline = parseDataUrl(part.image_url);
    return { type: 'image', source: inline ? { kind: 'base64', ...inline } : { kind: 'url', url: part.image_url }, ...detail };
  }
  if (part.file_id != null) return { type: 'image', source: { kind: 'file', family: 'openai-compatible', id: part.file_id }, ...detail };
  throw invalidRequest(`Missing required parameter: '${param}.image_url'.`, `${param}.image_url`, 'missing_required_parameter');
}

function file(part: Extract<ContentPart, { type: 'input_file' }>, param: string): DocumentPart {
  const title = part.filename != null ? { title: part.filename } : {};
  if (part.file_data != null) {
    const inline = parseDataUrl(part.file_data);
    if (!inline) throw invalidRequest(`Invalid value for '${param}.file_data': expected a base64 data URL (data:application/pdf;base64,...).`, `${param}.file_data`, 'invalid_value');
    return { type: 'document', source: { kind: 'base64', ...inline }, ...title };
  }
  if (part.file_id != null) return { type: 'document', source: { kind: 'file', family: 'openai-compatible', id: part.file_id }, ...title };
  if (part.file_url != null) return { type: 'document', source: { kind: 'url', url: part.file_url }, ...title };
  throw invalidRequest(`Missing required parameter: '${param}.file_data'.`, `${param}.file_data`, 'missing_required_parameter');
}

function toolResult(callId: string, output: ToolOutput, param: string): ToolResultPart {
  const content =
    typeof output === 'string'
      ? [text(output)]
      : output.map((part, j): ToolResultPart['content'][number] => {
          const at = `${param}[${j}]`;
          if (part.type === 'input_text') return text(part.text);
          return part.type === 'input_image' ? image(part, at) : file(part, at);
        });
  return { type: 'tool-result', toolCallId: callId, content };
}

/** `allowed_tools` narrows what the model may call this turn: the other tools are not offered. */
function allowedTools(tools: Tool[], choice: ResponsesToolChoice | undefined): Tool[] {
  if (typeof choice !== 'object' || choice.type !== 'allowed_tools' || !('tools' in choice) || !Array.isArray(choice.tools)) return tools;
  const allowed = choice.tools as ReadonlyArray<Record<string, unknown>>;
  return tools.filter((tool) =>
    allowed.some((entry) => (tool.kind === 'native' ? entry['type'] === tool.type : (entry['type'] === 'function' || entry['type'] === 'custom') && flatName(entry['namespace'] as string | undefined, String(entry['name'])) === tool.name)),
  );
}

/**
 * A hosted tool asked for by type has no neutral form (the family may not even run it): the model
 * chooses, as with `auto`.
 */
function decodeToolChoice(choice: ResponsesToolChoice): ToolChoice {
  if (typeof choice === 'string') return { mode: choice };
  if ((choice.type === 'function' || choice.type === 'custom') && 'name' in choice && typeof choice.name === 'string') {
    return { mode: 'tool', name: flatName(typeof choice['namespace'] === 'string' ? choice['namespace'] : undefined, choice.name) };
  }
  if (choice.type === 'allowed_tools' && 'mode' in choice && (choice.mode === 'auto' || choice.mode === 'required')) return { mode: choice.mode };
  return { mode: 'auto' };
}

function decodeFormat(format: TextFormat | undefined): OutputFormat {
  switch (format?.type) {
    case undefined:
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema':
      return {
        type: 'json-schema',
        name: format.name,
        schema: format.schema,
        ...(format.description !== undefined && { description: format.description }),
        ...(format.strict != null && { strict: format.strict }),
      };
  }
}

const LOGPROBS = 'message.output_text.logprobs';

function decodeOutput(request: ResponsesRequest): OutputSpec {
  const logprobs = request.include?.includes(LOGPROBS) === true;
  return {
    format: decodeFormat(request.text?.format),
    ...(request.max_output_tokens != null && { maxTokens: request.max_output_tokens }),
    choices: 1,
    stop: [],
    ...(logprobs && { logprobs: request.top_logprobs != null ? { top: request.top_logprobs } : {} }),
  };
}

function decodeSampling(request: ResponsesRequest): Sampling {
  const sampling: Sampling = {};
  if (request.temperature != null) sampling.temperature = request.temperature;
  if (request.top_p != null) sampling.topP = request.top_p;
  return sampling;
}

function decodeReasoning(reasoning: ResponsesRequest['reasoning']): ReasoningRequest | undefined {
  const effort = reasoning?.effort ?? undefined;
  const summary = reasoning?.summary ?? reasoning?.generate_summary ?? undefined;
  if (effort === undefined && summary === undefined) return undefined;
  return { ...(effort !== undefined && { effort }), ...(summary !== undefined && { summary }) };
}
