/**
 * Unified events out as the Responses API's server-sent events, each `event: <type>` with its
 * `sequence_number` from 0: response.created and response.in_progress, then each output item in
 * turn, opened by response.output_item.added and closed by response.output_item.done:
 * - reasoning: its text as summary parts (reasoning_summary_part.added, reasoning_summary_text.delta
 *   and .done, reasoning_summary_part.done), a part for each block a signature closes; the done item
 *   carries the envelope (reasoning-envelope.ts) when the client keeps reasoning;
 * - message: content_part.added, output_text.delta (refusal.delta for a refusal), output_text.done,
 *   content_part.done;
 * - function_call: function_call_arguments.delta and .done (a custom tool's input comes whole, in
 *   custom_tool_call_input.delta and .done, since it is read out of the function's arguments);
 * then response.completed, or response.incomplete when the output limit or a filter cut it short.
 *
 * The end is held back until the provider's stream has really ended. A failure after the start is
 * an `error` event (which the openai SDK raises) and then response.failed with the error and the
 * output so far (which Codex reads), never a completion; nothing follows them. Tool calls stay open
 * until the answer ends, so arguments a provider interleaves still reach their own call. Gemini's
 * signature on a call travels in a reasoning item's envelope: the open one, or one of its own just
 * before the call. Responses has one answer: other choices are dropped.
 */
import type { CallError } from '../../core/call-error.ts';
import type { Signature } from '../../core/parts.ts';
import type { FinishReason, Usage } from '../../core/stream-event.ts';
import type { StreamEncoder } from '../encode-batches.ts';
import type { EncodeOptions } from './encode-final.ts';
import {
  reasoningItem,
  toolCallItem,
  type MessageOutputItem,
  type OutputItem,
  type OutputRefusal,
  type OutputText,
  type ReasoningBlock,
  type ToolCallOutputItem,
} from './output-items.ts';
import { newId } from './response-ids.ts';
import { finishedStatus, responseObject, type ResponseObject, type ResponseState } from './response-object.ts';
import { errorEventFields, responseError } from './render-stream-error.ts';

export interface ResponsesStreamEncoder extends StreamEncoder {
  /** The finished Response once response.completed or response.incomplete went out: what is stored. */
  readonly response: ResponseObject | undefined;
}

interface OpenReasoning {
  kind: 'reasoning';
  index: number;
  id: string;
  blocks: ReasoningBlock[];
  /** The summary part under way, when its block takes more text. */
  part: { index: number; text: string } | undefined;
  parts: number;
  toolCalls: Record<string, Signature>;
}
interface OpenMessage {
  kind: 'message';
  index: number;
  item: MessageOutputItem;
  /** The content part under way. */
  part: OutputText | OutputRefusal | undefined;
}
interface OpenCall {
  index: number;
  item: ToolCallOutputItem;
  arguments: string;
}

export function createResponsesSseEncoder(options: EncodeOptions): ResponsesStreamEncoder {
  let sequence = 0;
  let started = false;
  let state: ResponseState = { id: options.id, createdAt: Math.floor(Date.now() / 1000), status: 'in_progress', model: options.modelName(''), output: [], usage: undefined };
  let open: OpenReasoning | OpenMessage | undefined;
  /** Tool calls by the call's own index, open until the answer ends. */
  const calls = new Map<number, OpenCall>();
  let finish: FinishReason | undefined;
  let usage: Usage | undefined;
  let failed: CallError | undefined;
  let final: ResponseObject | undefined;

  const frame = (type: string, fields: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  const snapshot = (): ResponseObject => responseObject(options.request, { ...state, output: [...state.output], usage });
  const start = () => {
    if (started) return '';
    started = true;
    return frame('response.created', { response: snapshot() }) + frame('response.in_progress', { response: snapshot() });
  };
  const itemFields = (index: number) => ({ output_index: index });

  const addItem = (item: OutputItem): number => {
    state.output.push(item);
    return state.output.length - 1;
  };

  const closeSummaryPart = (reasoning: OpenReasoning) => {
    const part = reasoning.part;
    if (!part) return '';
    reasoning.part = undefined;
    const at = { item_id: reasoning.id, ...itemFields(reasoning.index), summary_index: part.index };
    return frame('response.reasoning_summary_text.done', { ...at, text: part.text }) + frame('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text: part.text } });
  };
  const closeContentPart = (message: OpenMessage) => {
    const part = message.part;
    if (!part) return '';
    message.part = undefined;
    const at = { item_id: message.item.id, ...itemFields(message.index), content_index: message.item.content.length - 1 };
    const done = part.type === 'output_text' ? frame('response.output_text.done', { ...at, text: part.text, logprobs: [] }) : frame('response.refusal.done', { ...at, refusal: part.refusal });
    return done + frame('response.content_part.done', { ...at, part });
  };
  /** Closes the reasoning or message item under way; a message cut short is `incomplete`. */
  const closeOpen = (status: 'completed' | 'incomplete' = 'completed') => {
    const item = open;
    if (!item) return '';
    open = undefined;
    if (item.kind === 'reasoning') {
      const text = closeSummaryPart(item);
      const done = reasoningItem(item.id, item.blocks, options.keepReasoning ? { toolCalls: item.toolCalls } : undefined);
      state.output[item.index] = done;
      return text + frame('response.output_item.done', { ...itemFields(item.index), item: done });
    }
    const text = closeContentPart(item);
    item.item.status = status;
    return text + frame('response.output_item.done', { ...itemFields(item.index), item: item.item });
  };
  /** The flat name the model called, kept beside the client's name for the item. */
  const flatNames = new Map<number, string>();
  const flatNameOf = (call: OpenCall) => flatNames.get(call.index) ?? call.item.name;

  const closeCalls = () => {
    let text = '';
    for (const call of [...calls.values()].sort((a, b) => a.index - b.index)) {
      if (call.item.status !== 'in_progress') continue;
      const done = toolCallItem(call.item.id, { callId: call.item.call_id, name: flatNameOf(call), arguments: call.arguments }, options.origins, 'completed');
      const at = { item_id: call.item.id, ...itemFields(call.index) };
      text +=
        done.type === 'custom_tool_call'
          ? frame('response.custom_tool_call_input.delta', { ...at, delta: done.input }) + frame('response.custom_tool_call_input.done', { ...at, input: done.input })
          : frame('response.function_call_arguments.done', { ...at, arguments: done.arguments });
      call.item = done;
      state.output[call.index] = done;
      text += frame('response.output_item.done', { ...at, item: done });
    }
    return text;
  };
  const openReasoning = (): [string, OpenReasoning] => {
    if (open?.kind === 'reasoning') return ['', open];
    const closing = closeOpen() + closeCalls();
    const id = newId('rs');
    const reasoning: OpenReasoning = { kind: 'reasoning', index: addItem({ id, type: 'reasoning', summary: [] }), id, blocks: [], part: undefined, parts: 0, toolCalls: {} };
    open = reasoning;
    return [closing + frame('response.output_item.added', { ...itemFields(reasoning.index), item: { id, type: 'reasoning', summary: [] } }), reasoning];
  };
  const openMessage = (): [string, OpenMessage] => {
    if (open?.kind === 'message') return ['', open];
    const closing = closeOpen() + closeCalls();
    const item: MessageOutputItem = { id: newId('msg'), type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    const message: OpenMessage = { kind: 'message', index: addItem(item), item, part: undefined };
    open = message;
    return [closing + frame('response.output_item.added', { ...itemFields(message.index), item: { ...item, content: [] } }), message];
  };
  /** Text or a refusal, in a content part of its kind (a new one when the other kind was under way). */
  const content = (kind: 'output_text' | 'refusal', delta: string) => {
    const [opening, message] = openMessage();
    let text = opening;
    if (message.part?.type !== kind) {
      text += closeContentPart(message);
      const part: OutputText | OutputRefusal = kind === 'output_text' ? { type: 'output_text', text: '', annotations: [] } : { type: 'refusal', refusal: '' };
      message.item.content.push(part);
      message.part = part;
      text += frame('response.content_part.added', { item_id: message.item.id, ...itemFields(message.index), content_index: message.item.content.length - 1, part: { ...part } });
    }
    const part = message.part!;
    const at = { item_id: message.item.id, ...itemFields(message.index), content_index: message.item.content.length - 1 };
    if (part.type === 'output_text') {
      part.text += delta;
      return text + frame('response.output_text.delta', { ...at, delta, logprobs: [] });
    }
    part.refusal += delta;
    return text + frame('response.refusal.delta', { ...at, delta });
  };
  const reasoningText = (delta: string) => {
    const [opening, reasoning] = openReasoning();
    let text = opening;
    const last = reasoning.blocks.at(-1);
    const block = last?.type === 'reasoning' && last.signature === undefined ? last : undefined;
    if (!block) reasoning.blocks.push({ type: 'reasoning', text: delta });
    else block.text += delta;
    if (!reasoning.part) {
      reasoning.part = { index: reasoning.parts++, text: '' };
      text += frame('response.reasoning_summary_part.added', { item_id: reasoning.id, ...itemFields(reasoning.index), summary_index: reasoning.part.index, part: { type: 'summary_text', text: '' } });
    }
    reasoning.part.text += delta;
    return text + frame('response.reasoning_summary_text.delta', { item_id: reasoning.id, ...itemFields(reasoning.index), summary_index: reasoning.part.index, delta });
  };

  const fail = (error: CallError) => {
    failed = error;
    const opening = start();
    state = { ...state, status: 'failed', error: responseError(error) };
    return opening + frame('error', errorEventFields(error)) + frame('response.failed', { response: snapshot() });
  };

  return {
    encode(event) {
      if (failed) return '';
      if ('choice' in event && event.choice !== 0) return '';
      switch (event.type) {
        case 'start':
          state = { ...state, model: options.modelName(event.model), ...(event.created ? { createdAt: event.created } : {}) };
          return start();
        case 'usage':
          usage = event.usage;
          return '';
        case 'text':
          return event.delta === '' ? '' : start() + content('output_text', event.delta);
        case 'refusal':
          return event.delta === '' ? '' : start() + content('refusal', event.delta);
        case 'reasoning':
          return event.delta === '' ? '' : start() + reasoningText(event.delta);
        case 'reasoning-signature': {
          const [opening, reasoning] = openReasoning();
          const last = reasoning.blocks.at(-1);
          if (last?.type === 'reasoning' && last.signature === undefined) last.signature = event.signature;
          else reasoning.blocks.push({ type: 'reasoning', text: '', signature: event.signature });
          // The signature closes its block: more text is another summary part.
          return start() + opening + closeSummaryPart(reasoning);
        }
        case 'redacted-reasoning': {
          const [opening, reasoning] = openReasoning();
          reasoning.blocks.push({ type: 'redacted-reasoning', data: event.data, issuer: event.issuer });
          return start() + opening + closeSummaryPart(reasoning);
        }
        case 'tool-call-start': {
          let text = start();
          const signature = event.extra?.google?.thought_signature;
          const callId = event.id || newId('call');
          if (signature !== undefined && options.keepReasoning) {
            // The call's signature goes back in a reasoning item's envelope: the open one, or one of its own.
            const [opening, reasoning] = openReasoning();
            reasoning.toolCalls[callId] = { issuer: 'gemini', value: signature };
            text += opening;
          }
          text += closeOpen();
          const origin = options.origins.get(event.name);
          const item = toolCallItem(newId(origin?.custom ? 'ctc' : 'fc'), { callId, name: event.name, arguments: '' }, options.origins, 'in_progress');
          const index = addItem(item);
          calls.set(event.index, { index, item, arguments: '' });
          flatNames.set(index, event.name);
          return text + frame('response.output_item.added', { ...itemFields(index), item });
        }
        case 'tool-call-args': {
          // Arguments for a call whose start never came have nowhere to go.
          const call = calls.get(event.index);
          if (!call || event.delta === '' || call.item.status !== 'in_progress') return '';
          call.arguments += event.delta;
          if (call.item.type === 'custom_tool_call') return '';
          return frame('response.function_call_arguments.delta', { item_id: call.item.id, ...itemFields(call.index), delta: event.delta });
        }
        case 'logprobs':
          return '';
        case 'finish':
          finish = event.reason;
          return start();
        case 'error':
          return fail(event.error);
      }
    },

    finish() {
      if (failed) return '';
      const finished = finishedStatus(finish);
      const closing = start() + closeOpen(finished.status === 'completed' ? 'completed' : 'incomplete') + closeCalls();
      state = { ...state, ...finished };
      final = snapshot();
      return closing + frame(finished.status === 'completed' ? 'response.completed' : 'response.incomplete', { response: final });
    },

    get failed() {
      return failed !== undefined;
    },

    get response() {
      return final;
    },
  };
}
