import { invalidRequest } from '../../core/call-error.ts';
import type { DocumentPart, ImagePart, MediaSource } from '../../core/parts.ts';
import type { BedrockDocumentBlock, BedrockDocumentFormat, BedrockImageBlock, BedrockImageFormat } from './bedrock-api-types.ts';

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

/**
 * Bedrock allows a document name of letters, digits, single spaces, hyphens, parentheses and
 * square brackets only, and reads it as part of the prompt.
 */
function documentName(title: string | undefined, index: number): string {
  const base = (title ?? '').replace(/\.[^.]*$/, '');
  const cleaned = base.replace(/[^A-Za-z0-9\-()[\] ]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return cleaned || `document ${index + 1}`;
}

/** The bytes (base64) and media type; Converse takes bytes or an S3 location, never a URL it would have to fetch. */
function inlineSource(source: MediaSource, what: string, param: string): { mediaType: string; data: string } {
  switch (source.kind) {
    case 'base64':
      return source;
    case 'text':
      return { mediaType: source.mediaType, data: Buffer.from(source.data, 'utf8').toString('base64') };
    case 'url':
      throw invalidRequest(`Bedrock needs ${what} inline (base64), not a URL: Converse takes bytes or an S3 location only`, param);
    case 'file':
      throw invalidRequest(`Bedrock needs ${what} inline (base64), not a file id of the ${source.family} provider`, param);
  }
}

/**
 * An image or document as a Converse block; `index` is its place in its message, for a document
 * without a title, and `param` names it in an error.
 */
export function convertBedrockMedia(part: ImagePart | DocumentPart, index: number, param: string): BedrockImageBlock | BedrockDocumentBlock {
  const inline = inlineSource(part.source, part.type === 'image' ? 'images' : 'documents', param);
  const image = IMAGE_FORMATS.get(inline.mediaType);
  // A document of an image type (OpenAI's file part) is sent as the image it is.
  if (image) return { image: { format: image, source: { bytes: inline.data } } };
  if (part.type === 'image') {
    throw invalidRequest(`Bedrock accepts images of type image/png, image/jpeg, image/gif or image/webp, not ${inline.mediaType}`, param);
  }
  const format = DOCUMENT_FORMATS.get(inline.mediaType);
  if (!format) {
    throw invalidRequest(`Bedrock accepts files of type ${[...DOCUMENT_FORMATS.keys()].join(', ')} or an image type, not ${inline.mediaType}`, param);
  }
  return { document: { format, name: documentName(part.title, index), source: { bytes: inline.data } } };
}
