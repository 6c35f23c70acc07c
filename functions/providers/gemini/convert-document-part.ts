/**
 * A document as a Gemini part. Gemini reads PDFs with their pages' images and a list of text types
 * (CSV, HTML, Markdown, code...) as plain text (https://ai.google.dev/gemini-api/docs/document-processing);
 * a document that is an image, audio or video (OpenAI's file parts carry any file) is read as that
 * media. Plain text is a text part. Any other type is a 400 naming it, raised before anything is
 * sent, so the call fails over to a target that can read it.
 */
import { invalidRequest } from '../../core/call-error.ts';
import type { DocumentPart } from '../../core/parts.ts';
import type { GeminiPart } from './gemini-api-types.ts';
import { convertMediaSource } from './convert-media-source.ts';

const DOCUMENT_TYPES = new Set([
  'application/pdf',
  'text/plain',
  'text/html',
  'text/css',
  'text/csv',
  'text/xml',
  'text/rtf',
  'text/md',
  'text/markdown',
  'text/javascript',
  'application/x-javascript',
  'text/x-python',
  'application/x-python',
]);
const MEDIA = /^(?:image|audio|video)\//;

/** A URL without a telling extension is taken for a PDF: the one document type every API sends by URL. */
export function convertDocumentPart(part: DocumentPart, param: string): GeminiPart {
  const converted = convertMediaSource(part.source, 'application/pdf', param);
  const mediaType = converted.inlineData?.mimeType ?? converted.fileData?.mimeType;
  if (mediaType !== undefined && !DOCUMENT_TYPES.has(mediaType) && !MEDIA.test(mediaType)) {
    throw invalidRequest(`Gemini cannot read a document of type ${mediaType}; it reads PDFs, text documents, images, audio and video.`, param);
  }
  return converted;
}
