/**
 * Real Anthropic streams (test/fixtures/recorded) read by the Anthropic family's translator and
 * written again by the Messages door's encoder: the same events, blocks, indexes, deltas, ids, stop
 * reasons and counts as Anthropic sent. What may differ is listed in `comparable`.
 */
import { describe, expect, it } from 'vitest';
import { createAnthropicSseEncoder } from '../../../functions/ingress/anthropic-messages/encode-stream.ts';
import { anthropicAdapter } from '../../../functions/providers/anthropic/anthropic-adapter.ts';
import { readRecordedLines, recordedMessages, translateStream } from '../../support/recorded.ts';

type Json = Record<string, unknown>;

/** The recording passed through the translator and the encoder, as the data of each frame. */
function roundTrip(name: string): Json[] {
  const events = translateStream(anthropicAdapter.createStreamTranslator({ model: 'requested', now: 1_700_000_000 }), recordedMessages('anthropic', name));
  const encoder = createAnthropicSseEncoder({ modelName: (model) => model });
  let text = '';
  for (const event of events) text += encoder.encode(event);
  text += encoder.finish();
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      const data = JSON.parse(dataLine!.slice('data: '.length)) as Json;
      expect(eventLine).toBe(`event: ${String(data.type)}`);
      return data;
    });
}

/** What the unified events do not carry: the cache writes' split by lifetime, the service tier and region, server tool counts, context editing. */
const UNCARRIED_USAGE = ['cache_creation', 'service_tier', 'inference_geo', 'server_tool_use', 'iterations', 'output_tokens_details'];

const omit = (object: unknown, keys: readonly string[]): Json => Object.fromEntries(Object.entries(object as Json).filter(([key]) => !keys.includes(key)));

/**
 * The frames as compared: pings dropped (the route sends its own on a timer), empty deltas dropped
 * (the translator skips them), and a tool call's input as the JSON its input_json_delta pieces
 * make, on its block's start (the translator gives a call Anthropic streamed no arguments for `{}`).
 */
function comparable(frames: Json[]): Json[] {
  const inputs = new Map<number, string>();
  for (const frame of frames) {
    const delta = frame.delta as Json | undefined;
    if (frame.type === 'content_block_delta' && delta?.type === 'input_json_delta') {
      inputs.set(frame.index as number, (inputs.get(frame.index as number) ?? '') + String(delta.partial_json));
    }
  }
  return frames.flatMap((frame): Json[] => {
    const delta = frame.delta as Json | undefined;
    switch (frame.type) {
      case 'ping':
        return [];
      case 'content_block_delta':
        if (delta?.type === 'input_json_delta') return [];
        return ['text', 'thinking', 'signature'].some((field) => delta?.[field] === '') ? [] : [frame];
      case 'content_block_start': {
        const block = frame.content_block as Json;
        if (block.type !== 'tool_use') return [frame];
        return [{ ...frame, content_block: { ...block, input: JSON.parse(inputs.get(frame.index as number) || '{}') } }];
      }
      case 'message_start': {
        const message = omit(frame.message, ['stop_details']);
        return [{ ...frame, message: { ...message, usage: omit(message.usage, UNCARRIED_USAGE) } }];
      }
      case 'message_delta':
        return [{ ...omit(frame, ['context_management']), delta: omit(delta, ['stop_details']), usage: omit(frame.usage, UNCARRIED_USAGE) }];
      default:
        return [frame];
    }
  });
}

const recorded = (name: string): Json[] => readRecordedLines('anthropic', name).map((line) => JSON.parse(line) as Json);

describe('a recorded Anthropic stream, translated and encoded again, is the stream Anthropic sent', () => {
  it.each(['anthropic-text', 'anthropic-clear-thinking.1', 'anthropic-json-tool.1', 'anthropic-tool-no-args', 'anthropic-refusal'])('%s', (name) => {
    const encoded = comparable(roundTrip(name));
    expect(encoded).toEqual(comparable(recorded(name)));
    expect(encoded.at(-1)).toEqual({ type: 'message_stop' });
  });

  it('the thinking block keeps its signature, the tool call its input', () => {
    const thinking = roundTrip('anthropic-clear-thinking.1');
    const signature = recorded('anthropic-clear-thinking.1').find((frame) => (frame.delta as Json | undefined)?.type === 'signature_delta');
    expect(thinking).toContainEqual(signature);
    expect(comparable(roundTrip('anthropic-json-tool.1'))[1]).toMatchObject({
      content_block: { type: 'tool_use', id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', input: { elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] } },
    });
  });
});
