/**
 * OpenAI-style chunks into unified events, normalizing what compatible providers do differently:
 * tool-call deltas without `index` (Mistral), `reasoning` instead of `reasoning_content`, usage on
 * the last content chunk (Groq, Mistral, DeepSeek) rather than a chunk of its own. A stream is
 * complete only at `[DONE]`; anything else is reported as cut short. A chunk that adds text only,
 * shaped as the last such chunk was (most of a stream), has its text read without parsing it
 * (core/string-slot-template.ts).
 */
import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent } from '../../core/stream-event.ts';
import { learnStringSlots, readStringSlots, TemplateBudget, type StringSlotTemplate } from '../../core/string-slot-template.ts';
import type { ResponseContext, StreamTranslator } from '../provider-adapter.ts';
import { upstreamBadResponse, upstreamStreamCut, upstreamStreamError } from '../upstream/upstream-errors.ts';
import type { OpenAIChunk, OpenAIToolCallDelta } from './openai-api-types.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import { mapOpenAIStart } from './map-openai-start.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';
import { parseOpenAIErrorObject } from './parse-openai-error.ts';

export function createOpenAICompatibleStreamTranslator(context: ResponseContext, provider: string): StreamTranslator {
  let started = false;
  let ended = false;
  const toolCalls = new Map<number, ToolCallIndexer>();
  /** A chunk that only added text, as the template of the next ones: its choice, and which of its slots is the text. */
  let textChunk: { template: StringSlotTemplate; choice: number; contentSlot: number } | undefined;
  const budget = new TemplateBudget(!context.forRecords);

  return {
    push(message: EventSourceMessage): StreamEvent[] {
      if (ended) return [];
      if (message.data === '[DONE]') {
        ended = true;
        return [];
      }
      // Learned from a chunk parsed whole, so only once the stream has started.
      if (textChunk) {
        const text = readStringSlots(message.data, textChunk.template)?.[textChunk.contentSlot];
        if (text !== undefined) {
          budget.read();
          return text === '' ? [] : [{ type: 'text', choice: textChunk.choice, delta: text }];
        }
      }
      let chunk: OpenAIChunk;
      try {
        chunk = JSON.parse(message.data) as OpenAIChunk;
      } catch {
        ended = true;
        return [{ type: 'error', error: upstreamBadResponse(provider, 'a stream event is not JSON') }];
      }
      if (chunk.error !== undefined) {
        ended = true;
        return [{ type: 'error', error: upstreamStreamError(provider, parseOpenAIErrorObject(chunk.error)) }];
      }

      const events: StreamEvent[] = [];
      if (!started) {
        started = true;
        events.push(mapOpenAIStart(chunk, context));
      }
      for (const choice of chunk.choices ?? []) {
        const index = choice.index ?? 0;
        const delta = choice.delta;
        if (delta) {
          const reasoning = delta.reasoning_content ?? delta.reasoning;
          if (reasoning) events.push({ type: 'reasoning', choice: index, delta: reasoning });
          if (delta.content) events.push({ type: 'text', choice: index, delta: delta.content });
          if (delta.refusal) events.push({ type: 'refusal', choice: index, delta: delta.refusal });
          if (delta.tool_calls?.length) {
            let indexer = toolCalls.get(index);
            if (!indexer) toolCalls.set(index, (indexer = new ToolCallIndexer()));
            for (const call of delta.tool_calls) indexer.push(index, call, events);
          }
        }
        if (choice.logprobs?.content?.length) events.push({ type: 'logprobs', choice: index, content: choice.logprobs.content });
        if (choice.finish_reason) events.push({ type: 'finish', choice: index, reason: mapOpenAIFinishReason(choice.finish_reason) });
      }
      if (chunk.usage) events.push({ type: 'usage', usage: mapOpenAIUsage(chunk.usage) });
      // Parsed whole, so the template (if any) did not fit: learn this chunk's, if it only adds text.
      const text = budget.mayLearn ? onlyText(chunk) : undefined;
      if (text) {
        const template = learnStringSlots(message.data, chunk, {
          content: (parsed) => onlyText(parsed as OpenAIChunk)?.delta,
          // OpenAI pads each chunk with a random string of random length (stream_options.include_obfuscation).
          obfuscation: (parsed) => (parsed as { obfuscation?: unknown }).obfuscation,
        });
        if (template) {
          budget.learned();
          textChunk = { template, choice: text.choice, contentSlot: template.names.indexOf('content') };
        }
      }
      return events;
    },

    end(): StreamEvent[] {
      if (ended) return [];
      ended = true;
      return [{ type: 'error', error: upstreamStreamCut(provider, 'the stream closed without [DONE]') }];
    },
  };
}

/** The text of a chunk that adds text to one choice and does nothing else the translator reads (a start aside: it is read once). */
function onlyText(chunk: OpenAIChunk): { choice: number; delta: string } | undefined {
  if (typeof chunk !== 'object' || chunk === null || chunk.error !== undefined || chunk.usage || chunk.choices?.length !== 1) return undefined;
  const [choice] = chunk.choices;
  const delta = choice?.delta;
  if (!choice || !delta || typeof delta.content !== 'string' || delta.content === '') return undefined;
  if (delta.reasoning_content || delta.reasoning || delta.refusal || delta.tool_calls?.length || choice.logprobs?.content?.length || choice.finish_reason) return undefined;
  return { choice: choice.index ?? 0, delta: delta.content };
}

/**
 * Gives every tool call of one choice a stable position, whether or not the provider sent
 * `index`, and tells calls apart by `id` when a provider reuses an index for a new call.
 */
class ToolCallIndexer {
  private readonly byUpstreamIndex = new Map<number, { index: number; id: string | undefined }>();
  private count = 0;
  private current = -1;

  push(choice: number, call: OpenAIToolCallDelta, events: StreamEvent[]): void {
    let index: number | undefined;
    if (call.index !== undefined) {
      const known = this.byUpstreamIndex.get(call.index);
      if (known && !(call.id && known.id && call.id !== known.id)) index = known.index;
    } else if (!call.id) {
      index = this.current >= 0 ? this.current : undefined;
    }

    if (index === undefined) {
      index = this.count++;
      if (call.index !== undefined) this.byUpstreamIndex.set(call.index, { index, id: call.id ?? undefined });
      events.push({
        type: 'tool-call-start',
        choice,
        index,
        id: call.id || `call_${crypto.randomUUID().replaceAll('-', '')}`,
        name: call.function?.name ?? '',
      });
    }
    this.current = index;
    const args = call.function?.arguments;
    if (args) events.push({ type: 'tool-call-args', choice, index, delta: args });
  }
}
