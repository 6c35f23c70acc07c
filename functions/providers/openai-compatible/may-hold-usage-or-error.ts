/**
 * Whether a chunk's JSON text, as OpenAI writes it, may hold what a passed-on stream's records
 * read (ResponseContext.passedOn): usage, or an error. Decided on the text, which costs a small
 * part of parsing it, and never "no" for a chunk that holds either: JSON escapes every quote inside
 * a string, so `"usage"` and `"error"` appear in the text only as keys or as whole string values.
 * A chunk with `"error"` anywhere, or with `"usage"` other than as `"usage":null` (which every
 * chunk but the last carries when usage is asked for), may; a false "yes" costs only a parse.
 */
export function mayHoldUsageOrError(data: string): boolean {
  if (data.includes('"error"')) return true;
  for (let at = data.indexOf('"usage"'); at !== -1; at = data.indexOf('"usage"', at + USAGE_KEY.length)) {
    if (!data.startsWith(':null', at + USAGE_KEY.length)) return true;
  }
  return false;
}

const USAGE_KEY = '"usage"';
