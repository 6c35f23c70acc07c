/**
 * Unified events gathered into one `chat.completion` object, the non-streaming answer. An error
 * event is thrown, so a failed answer is an HTTP error, never a partial completion.
 */
import type { TokenLogprob, StreamEvent, ToolCallExtra, Usage } from './stream-event.ts';
import { toOpenAIUsage, type OpenAIUsageObject } from './to-openai-usage.ts';

interface CollectedToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  extra_content?: ToolCallExtra;
}

interface CollectedChoice {
  index: number;
  message: {
    role: 'assistant';
    content: string | null;
    refusal: string | null;
    reasoning_content?: string;
    tool_calls?: CollectedToolCall[];
  };
  logprobs: { content: TokenLogprob[] } | null;
  finish_reason: string | null;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: CollectedChoice[];
  usage?: OpenAIUsageObject;
  system_fingerprint?: string;
  service_tier?: string;
}

export function collectChatCompletion(
  events: Iterable<StreamEvent>,
  modelName: (upstreamModel: string) => string,
): { completion: ChatCompletion; usage: Usage | undefined } {
  const completion: ChatCompletion = { id: '', object: 'chat.completion', created: 0, model: '', choices: [] };
  const choices = new Map<number, CollectedChoice>();
  let usage: Usage | undefined;

  const choiceAt = (index: number): CollectedChoice => {
    let choice = choices.get(index);
    if (!choice) {
      choice = { index, message: { role: 'assistant', content: null, refusal: null }, logprobs: null, finish_reason: null };
      choices.set(index, choice);
    }
    return choice;
  };

  for (const event of events) {
    switch (event.type) {
      case 'start':
        completion.id = event.id;
        completion.created = event.created;
        completion.model = modelName(event.model);
        if (event.systemFingerprint) completion.system_fingerprint = event.systemFingerprint;
        if (event.serviceTier) completion.service_tier = event.serviceTier;
        break;
      case 'text': {
        const message = choiceAt(event.choice).message;
        message.content = (message.content ?? '') + event.delta;
        break;
      }
      case 'reasoning': {
        const message = choiceAt(event.choice).message;
        message.reasoning_content = (message.reasoning_content ?? '') + event.delta;
        break;
      }
      case 'refusal': {
        const message = choiceAt(event.choice).message;
        message.refusal = (message.refusal ?? '') + event.delta;
        break;
      }
      case 'tool-call-start': {
        const message = choiceAt(event.choice).message;
        (message.tool_calls ??= [])[event.index] = {
          id: event.id,
          type: 'function',
          function: { name: event.name, arguments: '' },
          ...(event.extra ? { extra_content: event.extra } : {}),
        };
        break;
      }
      case 'tool-call-args': {
        const call = choiceAt(event.choice).message.tool_calls?.[event.index];
        if (call) call.function.arguments += event.delta;
        break;
      }
      case 'logprobs': {
        const choice = choiceAt(event.choice);
        (choice.logprobs ??= { content: [] }).content.push(...event.content);
        break;
      }
      case 'finish':
        choiceAt(event.choice).finish_reason = event.reason.unified;
        break;
      case 'usage':
        usage = event.usage;
        break;
      case 'error':
        throw event.error;
    }
  }

  for (const choice of choices.values()) {
    // Clients parse tool arguments as JSON: a call the provider sent without any is `{}`.
    for (const call of choice.message.tool_calls ?? []) if (call.function.arguments === '') call.function.arguments = '{}';
  }
  completion.choices = [...choices.values()].sort((a, b) => a.index - b.index);
  if (completion.choices.length === 0) completion.choices.push(choiceAt(0));
  if (usage) completion.usage = toOpenAIUsage(usage);
  return { completion, usage };
}
