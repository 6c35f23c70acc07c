/**
 * Events gathered into one finished answer, in no front door's shape: each door's final encoder
 * renders it (ingress/openai-chat/encode-final.ts for a chat.completion). An error event is thrown,
 * so a failed answer is an error, never a partial result.
 */
import type { FinishReason, StreamEvent, TokenLogprob, Usage } from './stream-event.ts';
import type { ReasoningPart, RedactedReasoningPart, ToolCallPart } from './parts.ts';

export interface ResultChoice {
  index: number;
  /** The answer's text, its deltas joined; null when the provider sent none. */
  text: string | null;
  reasoning: string | null;
  /** The reasoning as the blocks it came in, with their signatures: what a Messages client sends back. */
  reasoningBlocks: Array<ReasoningPart | RedactedReasoningPart>;
  refusal: string | null;
  /** In the order the provider numbered them (without gaps); arguments as received, empty when it sent none. */
  toolCalls: ToolCallPart[];
  finish: FinishReason | null;
  logprobs: TokenLogprob[] | null;
}

export interface CallResult {
  /** As the provider said: its response id, its model name, Unix seconds. */
  id: string;
  model: string;
  created: number;
  /** In index order; at least one, so an answer without content is still an (empty) answer. */
  choices: ResultChoice[];
  /** The last usage reported: providers report cumulative totals. */
  usage: Usage | undefined;
  systemFingerprint?: string;
  serviceTier?: string;
}

/** The reasoning block deltas go to: the last one, unless a signature closed it or another block followed. */
function openReasoningBlock(choice: ResultChoice): ReasoningPart {
  const last = choice.reasoningBlocks.at(-1);
  if (last?.type === 'reasoning' && last.signature === undefined) return last;
  const block: ReasoningPart = { type: 'reasoning', text: '' };
  choice.reasoningBlocks.push(block);
  return block;
}

export function collectResult(events: Iterable<StreamEvent>): CallResult {
  const result: CallResult = { id: '', model: '', created: 0, choices: [], usage: undefined };
  const choices = new Map<number, ResultChoice>();
  const choiceAt = (index: number): ResultChoice => {
    let choice = choices.get(index);
    if (!choice) {
      choice = { index, text: null, reasoning: null, reasoningBlocks: [], refusal: null, toolCalls: [], finish: null, logprobs: null };
      choices.set(index, choice);
    }
    return choice;
  };

  for (const event of events) {
    switch (event.type) {
      case 'start':
        result.id = event.id;
        result.model = event.model;
        result.created = event.created;
        if (event.systemFingerprint) result.systemFingerprint = event.systemFingerprint;
        if (event.serviceTier) result.serviceTier = event.serviceTier;
        break;
      case 'text': {
        const choice = choiceAt(event.choice);
        choice.text = (choice.text ?? '') + event.delta;
        break;
      }
      case 'reasoning': {
        const choice = choiceAt(event.choice);
        choice.reasoning = (choice.reasoning ?? '') + event.delta;
        openReasoningBlock(choice).text += event.delta;
        break;
      }
      case 'reasoning-signature':
        openReasoningBlock(choiceAt(event.choice)).signature = event.signature;
        break;
      case 'redacted-reasoning':
        choiceAt(event.choice).reasoningBlocks.push({ type: 'redacted-reasoning', data: event.data, issuer: event.issuer });
        break;
      case 'refusal': {
        const choice = choiceAt(event.choice);
        choice.refusal = (choice.refusal ?? '') + event.delta;
        break;
      }
      case 'tool-call-start': {
        const signature = event.extra?.google?.thought_signature;
        choiceAt(event.choice).toolCalls[event.index] = {
          type: 'tool-call',
          id: event.id,
          name: event.name,
          arguments: '',
          ...(signature !== undefined && { signature: { issuer: 'gemini', value: signature } }),
        };
        break;
      }
      case 'tool-call-args': {
        // Arguments for a call whose start never came have nowhere to go.
        const call = choiceAt(event.choice).toolCalls[event.index];
        if (call) call.arguments += event.delta;
        break;
      }
      case 'logprobs': {
        const choice = choiceAt(event.choice);
        (choice.logprobs ??= []).push(...event.content);
        break;
      }
      case 'finish':
        choiceAt(event.choice).finish = event.reason;
        break;
      case 'usage':
        result.usage = event.usage;
        break;
      case 'error':
        throw event.error;
    }
  }

  // A provider may number its calls from other than 0, or skip one: the answer lists the calls it made, without holes.
  for (const choice of choices.values()) choice.toolCalls = choice.toolCalls.filter((call) => call !== undefined);
  result.choices = [...choices.values()].sort((a, b) => a.index - b.index);
  if (result.choices.length === 0) result.choices.push(choiceAt(0));
  return result;
}
