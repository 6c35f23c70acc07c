/**
 * A chunk of OpenAI's stream, as its JSON text, with its `model` named the way the chat door names
 * it (`provider/model`, api.md), without parsing the rest. In OpenAI's text the first `"model"`
 * key is the chunk's own field: it comes before `choices`, and JSON escapes every quote inside a
 * string, so no content can spell it. Spaces around its colon are allowed, for a server in front of
 * OpenAI that writes them. A text without one (`[DONE]`, an error) is returned as it is.
 */
export function prefixChunkModel(data: string, prefix: string): string {
  const field = MODEL_FIELD.exec(data);
  if (!field) return data;
  const value = field.index + field[0].length;
  return `${data.slice(0, value)}${prefix}${data.slice(value)}`;
}

/** The key, its colon and the opening quote of its string value. */
const MODEL_FIELD = /"model"\s*:\s*"/;
