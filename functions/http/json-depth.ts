/**
 * How deep a JSON text nests, found without parsing it: one pass over the characters, counting
 * brackets outside strings, so a body nested a million levels deep costs a loop, not a stack.
 * Everything after the parse walks values recursively (validation, the request builders'
 * JSON.stringify, DynamoDB's marshalling), so the depth is bounded before JSON.parse runs.
 */

/**
 * The nesting the gateway accepts in a request body. OpenAI's Structured Outputs allow a schema 10
 * levels of nesting (about 2 JSON levels each: `properties`, then the property), and a request
 * puts a tool's schema 5 levels down (`tools[0].function.parameters`): 64 leaves room for
 * non-strict schemas several times deeper than that, and is far below where any recursion fails.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Whether `text` opens more than `limit` arrays and objects inside each other (strings excluded). */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) depth--;
  }
  return false;
}
