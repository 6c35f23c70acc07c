import type { UserContentPart } from '../../chat/chat-request-schema.ts';
import { parseDataUrl } from '../../chat/parse-data-url.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { BedrockDocumentFormat, BedrockImageFormat, BedrockUserBlock } from './bedrock-api-types.ts';

const IMAGE_FORMATS = new Map<string, BedrockImageFormat>([
  ['image/png', 'png'],
  ['image/jpeg', 'jpeg'],
  ['image/gif', 'gif'],
  ['image/webp', 'webp'],
]);

const DOCUMENT_FORMATS = new Map<string, BedrockDocumentFormat>([
  ['application/pdf', 'pdf'],
  ['text/csv', 'csv'],
  ['application/msword', 'doc'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/vnd.ms-excel', 'xls'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['text/html', 'html'],
  ['text/plain', 'txt'],
  ['text/markdown', 'md'],
]);

/** Bedrock rejects blank text blocks ("The text field in the ContentBlock object is blank"), and they carry nothing. */
export const hasText = (text: string): boolean => text.trim() !== '';

/**
 * Bedrock allows a document name of letters, digits, single spaces, hyphens, parentheses and
 * square brackets only, and reads it as part of the prompt.
 */
function documentName(filename: string | undefined, index: number): string {
  const base = (filename ?? '').replace(/\.[^.]*$/, '');
  const cleaned = base.replace(/[^A-Za-z0-9\-()[\] ]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return cleaned || `document ${index + 1}`;
}

/** A user message's content as Converse blocks; `param` names the message, e.g. `messages[2]`. */
export function convertBedrockUserContent(content: string | readonly UserContentPart[], param: string): BedrockUserBlock[] {
  if (typeof content === 'string') return hasText(content) ? [{ text: content }] : [];
  const blocks: BedrockUserBlock[] = [];
  content.forEach((part, j) => {
    const block = convertPart(part, j, `${param}.content[${j}]`);
    if (block) blocks.push(block);
  });
  return blocks;
}

function convertPart(part: UserContentPart, index: number, param: string): BedrockUserBlock | undefined {
  switch (part.type) {
    case 'text':
      return hasText(part.text) ? { text: part.text } : undefined;
    case 'image_url': {
      const inline = parseDataUrl(part.image_url.url);
      // Converse takes image bytes or an S3 location, never a URL it would have to fetch.
      if (!inline) throw invalidRequest('Bedrock needs images inline: send image_url.url as a base64 data: URL', param);
      const format = IMAGE_FORMATS.get(inline.mediaType);
      if (!format) throw invalidRequest(`Bedrock accepts images of type image/png, image/jpeg, image/gif or image/webp, not ${inline.mediaType}`, param);
      return { image: { format, source: { bytes: inline.data } } };
    }
    case 'file': {
      if (part.file.file_data === undefined) {
        throw invalidRequest('Bedrock models need the file inline: send file.file_data as a base64 data: URL, not file_id', param);
      }
      const inline = parseDataUrl(part.file.file_data);
      if (!inline) throw invalidRequest('file.file_data must be a base64 data: URL, e.g. data:application/pdf;base64,...', param);
      const image = IMAGE_FORMATS.get(inline.mediaType);
      if (image) return { image: { format: image, source: { bytes: inline.data } } };
      const format = DOCUMENT_FORMATS.get(inline.mediaType);
      if (!format) {
        throw invalidRequest(
          `Bedrock accepts files of type ${[...DOCUMENT_FORMATS.keys()].join(', ')} or an image type, not ${inline.mediaType}`,
          param,
        );
      }
      return { document: { format, name: documentName(part.file.filename, index), source: { bytes: inline.data } } };
    }
    case 'input_audio':
      throw invalidRequest('Bedrock models do not accept audio input through Converse; send the audio as text (a transcript) instead', param);
  }
}
