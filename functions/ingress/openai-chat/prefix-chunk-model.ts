/**
 * A chunk of OpenAI's stream, as its JSON text, with its `model` named the way the chat door names
 * it (`provider/model`, api.md), without parsing the rest. In OpenAI's text the first `"model":"`
 * is the chunk's own field: it comes before `choices`, and JSON escapes every quote inside a string,
 * so no content can spell it. A text without one (`[DONE]`, an error) is returned as it is.
 */
export function prefixChunkModel(data: string, prefix: string): string {
  const at = data.indexOf(MODEL_FIELD);
  if (at === -1) return data;
  const value = at + MODEL_FIELD.length;
  return `${data.slice(0, value)}${prefix}${data.slice(value)}`;
}

const MODEL_FIELD = '"model":"';
