import { invalidRequest } from '../../core/call-error.ts';
import type { DocumentPart, ImagePart, MediaSource, UserPart } from '../../core/parts.ts';
import type {
  AnthropicDocumentBlockParam,
  AnthropicImageBlockParam,
  AnthropicImageMediaType,
  AnthropicUserBlockParam,
} from './anthropic-api-types.ts';

const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set<AnthropicImageMediaType>([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
]);

const isImageMediaType = (mediaType: string): mediaType is AnthropicImageMediaType => IMAGE_MEDIA_TYPES.has(mediaType);

/** Anthropic rejects text blocks that are empty or only whitespace, and they carry nothing. */
export const hasText = (text: string): boolean => text.trim() !== '';

/**
 * A user message's parts as Anthropic blocks; `param` names the message, e.g. `messages[2]`, and a
 * part by its index in the message, as the caller's body numbers them.
 */
export function convertAnthropicUserContent(content: readonly UserPart[], param: string): AnthropicUserBlockParam[] {
  const blocks: AnthropicUserBlockParam[] = [];
  content.forEach((part, j) => {
    const block = convertPart(part, `${param}.content[${j}]`);
    if (block) blocks.push(block);
  });
  return blocks;
}

function convertPart(part: UserPart, param: string): AnthropicUserBlockParam | undefined {
  switch (part.type) {
    case 'text':
      return hasText(part.text) ? { type: 'text', text: part.text } : undefined;
    case 'image':
      return convertImage(part, param);
    case 'document':
      return convertDocument(part, param);
    case 'audio':
      throw invalidRequest('Anthropic models do not accept audio input; send the audio as text (a transcript) instead', param);
    case 'native':
      throw invalidRequest('Anthropic models need the file inline, as a base64 data: URL', param);
  }
}

function convertImage(part: ImagePart, param: string): AnthropicImageBlockParam {
  const source = part.source;
  if (source.kind === 'url') {
    if (!/^https?:\/\//i.test(source.url)) throw invalidRequest('an image must be an http(s) URL or a base64 data: URL', param);
    return { type: 'image', source: { type: 'url', url: source.url } };
  }
  return inlineImage(source, param);
}

function inlineImage(source: MediaSource, param: string): AnthropicImageBlockParam {
  if (source.kind !== 'base64') throw unreadableFile(source, param);
  if (!isImageMediaType(source.mediaType)) {
    throw invalidRequest(`Anthropic accepts images of type image/jpeg, image/png, image/gif or image/webp, not ${source.mediaType}`, param);
  }
  return { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data } };
}

/** A PDF or plain text as a document block; a file that is an image is sent as one. */
function convertDocument(part: DocumentPart, param: string): AnthropicImageBlockParam | AnthropicDocumentBlockParam {
  const source = part.source;
  if (source.kind !== 'base64') throw unreadableFile(source, param);
  if (isImageMediaType(source.mediaType)) return inlineImage(source, param);
  let document: AnthropicDocumentBlockParam;
  if (source.mediaType === 'application/pdf') {
    document = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: source.data } };
  } else if (source.mediaType === 'text/plain') {
    // Anthropic takes plain-text documents as text, not base64.
    const text = Buffer.from(source.data, 'base64').toString('utf8');
    document = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: text } };
  } else {
    throw invalidRequest(`Anthropic accepts files of type application/pdf, text/plain or an image type, not ${source.mediaType}`, param);
  }
  if (part.title) document.title = part.title;
  return document;
}

function unreadableFile(source: MediaSource, param: string) {
  // A file stored with another provider (OpenAI's file_id) means nothing to Anthropic.
  if (source.kind === 'file') return invalidRequest('Anthropic models need the file inline: send its data as a base64 data: URL, not a file_id', param);
  return invalidRequest('Anthropic models need the file as base64 data', param);
}
