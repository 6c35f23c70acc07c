/**
 * Unified events out as Anthropic's server-sent events, framed as Anthropic frames them
 * (`event: <type>\ndata: <json>\n\n`): message_start, then the content blocks, each opened by
 * content_block_start, filled by its deltas and closed by content_block_stop when another block
 * opens or the answer ends, numbered from 0 in the order they open; then message_delta with the
 * stop reason and the final usage, and message_stop. A ping follows message_start, as Anthropic
 * sends one; the route adds more during silences (ping-when-silent.ts).
 *
 * message_start waits for the first content (or the finish), so that it carries the input counts
 * a provider reports with its start (Anthropic does; others count at the end, and start at zero). The stop
 * reason is held back until the provider's stream has really ended, as the OpenAI encoder holds its
 * finish reasons: a stream cut after the provider said "stop" ends with `event: error`, never with
 * message_stop, and nothing follows an error. Messages has one answer: other choices are dropped.
 *
 * Thinking: a Claude signature closes its thinking block with a signature_delta, as Claude streams
 * it. Reasoning from another model line has no signature a client could send back to Claude; its
 * block keeps the empty `signature` every thinking block starts with, which the door's decoder
 * reads as none (an Anthropic client keeps the block, and a Claude target must not be sent it as
 * signed). Signatures and redacted reasoning of other issuers mean nothing to a Messages client and
 * are not written.
 *
 * stop_sequence is the one that matched where the provider said which (Anthropic, Claude on
 * Bedrock); null otherwise (Gemini and OpenAI-compatible providers say only that one did).
 */
import type { FinishReason, Usage } from '../../core/stream-event.ts';
import type { CallError } from '../../core/call-error.ts';
import type { StreamEncoder } from '../encode-batches.ts';
import { answerStopReason } from './map-stop-reason.ts';
import { PING_FRAME } from './ping-when-silent.ts';
import { anthropicErrorFrame } from './render-error.ts';
import { NO_USAGE, toAnthropicUsage } from './to-anthropic-usage.ts';

export interface AnthropicSseEncodeOptions {
  /** The model name the client sees, e.g. `anthropic/claude-sonnet-4-5-20250929`. */
  modelName: (upstreamModel: string) => string;
}

const frame = (type: string, data: string) => `event: ${type}\ndata: ${data}\n\n`;


/** The block under way: text and thinking take more deltas; tool calls and redacted thinking are `other`. */
interface OpenBlock {
  kind: 'text' | 'thinking' | 'other';
  index: number;
}

export function createAnthropicSseEncoder(options: AnthropicSseEncodeOptions): StreamEncoder {
  let message = { id: '', model: '' };
  let started = false;
  let usage: Usage | undefined;
  let open: OpenBlock | undefined;
  let blocks = 0;
  /** A tool call's block index, by the call's own index. */
  const toolBlocks = new Map<number, number>();
  let finishReason: FinishReason | undefined;
  let refused = false;
  let error: CallError | undefined;

  const startMessage = () => {
    if (started) return '';
    started = true;
    const payload = {
      type: 'message_start',
      message: {
        model: options.modelName(message.model),
        id: message.id,
        type: 'message',
        role: 'assistant',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: toAnthropicUsage(usage ?? NO_USAGE),
      },
    };
    return frame('message_start', JSON.stringify(payload)) + PING_FRAME;
  };
  const closeBlock = () => {
    if (!open) return '';
    const index = open.index;
    open = undefined;
    return frame('content_block_stop', `{"type":"content_block_stop","index":${index}}`);
  };
  /** Closes the block under way and opens the next; `block` is its content_block, already JSON. */
  const openBlock = (kind: OpenBlock['kind'], block: string) => {
    const closing = startMessage() + closeBlock();
    open = { kind, index: blocks++ };
    return closing + frame('content_block_start', `{"type":"content_block_start","index":${open.index},"content_block":${block}}`);
  };
  const delta = (index: number, body: string) => frame('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${body}}`);
  /** A text or thinking delta, in the block of its kind under way or a new one. */
  const streamed = (kind: 'text' | 'thinking', body: string) => {
    const opening = open?.kind === kind ? '' : openBlock(kind, kind === 'text' ? '{"type":"text","text":""}' : '{"type":"thinking","thinking":"","signature":""}');
    return opening + delta(open!.index, body);
  };
  const errorFrame = (failure: CallError) => {
    // Serving redacted what came from the provider; the encoder's own failures name no secret.
    error = failure;
    return anthropicErrorFrame(error);
  };

  return {
    encode(event) {
      if (error) return '';
      if ('choice' in event && event.choice !== 0) return '';
      switch (event.type) {
        case 'start':
          message = { id: event.id, model: event.model };
          return '';
        case 'usage':
          usage = event.usage;
          return '';
        case 'refusal':
          // Messages has no refusal block: the text says it, the stop reason marks it.
          if (event.delta === '') return '';
          refused = true;
          return streamed('text', `{"type":"text_delta","text":${JSON.stringify(event.delta)}}`);
        case 'text':
          if (event.delta === '') return '';
          return streamed('text', `{"type":"text_delta","text":${JSON.stringify(event.delta)}}`);
        case 'reasoning':
          if (event.delta === '') return '';
          return streamed('thinking', `{"type":"thinking_delta","thinking":${JSON.stringify(event.delta)}}`);
        case 'reasoning-signature': {
          if (event.signature.issuer !== 'claude') return '';
          // With thinking display `omitted` the signature is all there is of the block.
          const opening = open?.kind === 'thinking' ? '' : openBlock('thinking', '{"type":"thinking","thinking":"","signature":""}');
          return opening + delta(open!.index, `{"type":"signature_delta","signature":${JSON.stringify(event.signature.value)}}`) + closeBlock();
        }
        case 'redacted-reasoning':
          if (event.issuer !== 'claude') return '';
          return openBlock('other', JSON.stringify({ type: 'redacted_thinking', data: event.data })) + closeBlock();
        case 'tool-call-start': {
          const opening = openBlock('other', JSON.stringify({ type: 'tool_use', id: event.id, name: event.name, input: {} }));
          toolBlocks.set(event.index, open!.index);
          return opening;
        }
        case 'tool-call-args': {
          // Arguments for a call whose start never came have nowhere to go. A provider that
          // interleaved its calls' arguments would have them sent to the call's own block, closed or not.
          const index = toolBlocks.get(event.index);
          if (index === undefined || event.delta === '') return '';
          return delta(index, `{"type":"input_json_delta","partial_json":${JSON.stringify(event.delta)}}`);
        }
        case 'logprobs':
          return '';
        case 'finish':
          // An answer without content starts here, with the counts from before the final ones.
          finishReason = event.reason;
          return startMessage();
        case 'error':
          return errorFrame(event.error);
      }
    },

    finish() {
      if (error) return '';
      const end = {
        type: 'message_delta',
        delta: {
          stop_reason: answerStopReason({ finish: finishReason, refused, calledTools: toolBlocks.size > 0 }),
          stop_sequence: finishReason?.stopSequence ?? null,
        },
        usage: toAnthropicUsage(usage ?? NO_USAGE),
      };
      return startMessage() + closeBlock() + frame('message_delta', JSON.stringify(end)) + frame('message_stop', '{"type":"message_stop"}');
    },


    get failed() {
      return error !== undefined;
    },
  };
}
