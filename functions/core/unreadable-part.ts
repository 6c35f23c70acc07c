/**
 * A part of the caller's own message that only another API can read (an OpenAI file part of no
 * known form, say). Left out, the model would answer a question it was never shown, so the call
 * is refused with a 400 naming the part. A foreign block in the assistant's history is different:
 * it records what a server tool did, and the family leaves it out with a note.
 */
import { invalidRequest, type CallError } from './call-error.ts';
import type { NativePart } from './parts.ts';

export function unreadablePart(part: NativePart, param: string, provider: string): CallError {
  const type = typeof part.block['type'] === 'string' ? `'${part.block['type']}' ` : '';
  return invalidRequest(
    `${param} is a ${type}part only the ${part.dialect} API reads: ${provider} cannot read it. Send it as text, an image or a document.`,
    param,
    'unsupported_content',
  );
}
