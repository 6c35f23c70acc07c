/**
 * One part of a user message as a Gemini part: text as text, images through convert-media-source.ts,
 * documents through convert-document-part.ts, audio inline. A block of another API's own (a
 * NativePart) is content the caller wants read that Gemini cannot read: a 400, raised before
 * anything is sent, so the call fails over to a target of that API.
 */
import { invalidRequest } from '../../core/call-error.ts';
import type { UserPart } from '../../core/parts.ts';
import type { GeminiPart } from './gemini-api-types.ts';
import { convertDocumentPart } from './convert-document-part.ts';
import { convertMediaSource } from './convert-media-source.ts';
import { nativeBlockName } from './native-block-name.ts';

/**
 * `param` is the part's path in the request, e.g. `messages[2].content[1]`, for error messages;
 * a source's own path is named as OpenAI's Chat body has it, the one body that carries a `param`.
 */
export function convertUserContentPart(part: UserPart, param: string): GeminiPart {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image':
      return convertMediaSource(part.source, 'image/jpeg', `${param}.image_url.url`);
    case 'document':
      return convertDocumentPart(part, `${param}.file`);
    case 'audio':
      // The call names the format ("wav", "mp3"); Gemini wants the MIME type (audio/wav, audio/mp3).
      return { inlineData: { mimeType: `audio/${part.format.toLowerCase()}`, data: part.data } };
    case 'native':
      throw invalidRequest(
        `Gemini cannot read a '${nativeBlockName(part)}' part as ${part.dialect} sends it; send media as a base64 data: URL or an https URL.`,
        param,
      );
  }
}
