/** The text of a system, developer, tool or assistant message, whether a string or text parts. */
export function messageText(content: string | ReadonlyArray<{ type: string; text?: string }> | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) if (part.type === 'text' && part.text) text += part.text;
  return text;
}
