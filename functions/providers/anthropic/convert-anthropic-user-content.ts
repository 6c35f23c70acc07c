import type { UserContentPart } from '../../chat/chat-request-schema.ts';
import { parseDataUrl } from '../../chat/parse-data-url.ts';
import { invalidRequest } from '../../core/call-error.ts';
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

/** A user message's content as Anthropic blocks; `param` names the message, e.g. `messages[2]`. */
export function convertAnthropicUserContent(
  content: string | readonly UserContentPart[],
  param: string,
): AnthropicUserBlockParam[] {
  if (typeof content === 'string') return hasText(content) ? [{ type: 'text', text: content }] : [];
  const blocks: AnthropicUserBlockParam[] = [];
  content.forEach((part, j) => {
    const block = convertPart(part, `${param}.content[${j}]`);
    if (block) blocks.push(block);
  });
  return blocks;
}

function convertPart(part: UserContentPart, param: string): AnthropicUserBlockParam | undefined {
  switch (part.type) {
    case 'text':
      return hasText(part.text) ? { type: 'text', text: part.text } : undefined;
    case 'image_url':
      return convertImage(part.image_url.url, param);
    case 'file':
      return convertFile(part.file, param);
    case 'input_audio':
      throw invalidRequest('Anthropic models do not accept audio input; send the audio as text (a transcript) instead', param);
  }
}

function convertImage(url: string, param: string): AnthropicImageBlockParam {
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  const inline = parseDataUrl(url);
  if (!inline) throw invalidRequest('image_url.url must be an http(s) URL or a base64 data: URL', param);
  if (!isImageMediaType(inline.mediaType)) {
    throw invalidRequest(
      `Anthropic accepts images of type image/jpeg, image/png, image/gif or image/webp, not ${inline.mediaType}`,
      param,
    );
  }
  return { type: 'image', source: { type: 'base64', media_type: inline.mediaType, data: inline.data } };
}

function convertFile(
  file: { file_data?: string | undefined; file_id?: string | undefined; filename?: string | undefined },
  param: string,
): AnthropicImageBlockParam | AnthropicDocumentBlockParam {
  if (file.file_data === undefined) {
    // OpenAI file ids mean nothing to Anthropic.
    throw invalidRequest('Anthropic models need the file inline: send file.file_data as a base64 data: URL, not file_id', param);
  }
  const inline = parseDataUrl(file.file_data);
  if (!inline) throw invalidRequest('file.file_data must be a base64 data: URL, e.g. data:application/pdf;base64,...', param);
  if (isImageMediaType(inline.mediaType)) {
    return { type: 'image', source: { type: 'base64', media_type: inline.mediaType, data: inline.data } };
  }
  let document: AnthropicDocumentBlockParam;
  if (inline.mediaType === 'application/pdf') {
    document = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: inline.data } };
  } else if (inline.mediaType === 'text/plain') {
    // Anthropic takes plain-text documents as text, not base64.
    const text = Buffer.from(inline.data, 'base64').toString('utf8');
    document = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: text } };
  } else {
    throw invalidRequest(
      `Anthropic accepts files of type application/pdf, text/plain or an image type, not ${inline.mediaType}`,
      param,
    );
  }
  if (file.filename) document.title = file.filename;
  return document;
}
