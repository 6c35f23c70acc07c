/** A parsed JSON value that is an object (not null, not an array). */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Text shaped as a JSON object, two characters read: what is not is certainly unreadable as one,
 * so a reader that passes over messages without parsing them still parses (and reports) those.
 */
export const looksLikeJsonObject = (text: string): boolean => text.startsWith('{') && text.endsWith('}');
