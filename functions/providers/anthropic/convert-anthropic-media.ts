/** Images and documents as Anthropic blocks, in a user turn or a tool result alike. */
import { invalidRequest } from '../../core/call-error.ts';
import type { DocumentPart, ImagePart, MediaSource } from '../../core/parts.ts';
import type {
  AnthropicDocumentBlockParam,
  AnthropicFileSource,
  AnthropicImageBlockParam,
  AnthropicImageMediaType,
} from './anthropic-api-types.ts';
import { cacheControlOf } from './anthropic-cache-control.ts';

const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set<AnthropicImageMediaType>([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
]);

const isImageMediaType = (mediaType: string): mediaType is AnthropicImageMediaType => IMAGE_MEDIA_TYPES.has(mediaType);
const isHttpUrl = (url: string) => /^https?:\/\//i.test(url);

/** `param` names the part in the caller's body, e.g. `messages[2].content[1]`. */
export function convertImage(part: ImagePart, param: string): AnthropicImageBlockParam {
  const source = part.source;
  switch (source.kind) {
    case 'url':
      if (!isHttpUrl(source.url)) throw invalidRequest('an image must be an http(s) URL or a base64 data: URL', param);
      return { type: 'image', source: { type: 'url', url: source.url }, ...cacheControlOf(part.cache) };
    case 'base64':
      return { ...inlineImage(source.mediaType, source.data, param), ...cacheControlOf(part.cache) };
    case 'file':
      return { type: 'image', source: anthropicFile(source, param), ...cacheControlOf(part.cache) };
    case 'text':
      throw invalidRequest('an image cannot be plain text', param);
  }
}

function inlineImage(mediaType: string, data: string, param: string): AnthropicImageBlockParam {
  if (!isImageMediaType(mediaType)) {
    throw invalidRequest(`Anthropic accepts images of type image/jpeg, image/png, image/gif or image/webp, not ${mediaType}`, param);
  }
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data } };
}

/** A PDF (inline, by URL or an Anthropic file id) or plain text as a document block; an inline image as an image block. */
export function convertDocument(part: DocumentPart, param: string): AnthropicImageBlockParam | AnthropicDocumentBlockParam {
  const source = part.source;
  if (source.kind === 'base64' && isImageMediaType(source.mediaType)) {
    return { ...inlineImage(source.mediaType, source.data, param), ...cacheControlOf(part.cache) };
  }
  const document: AnthropicDocumentBlockParam = { type: 'document', source: documentSource(source, param) };
  if (part.title) document.title = part.title;
  if (part.context !== undefined) document.context = part.context;
  if (part.citations !== undefined) document.citations = { enabled: part.citations };
  return { ...document, ...cacheControlOf(part.cache) };
}

function documentSource(source: MediaSource, param: string): AnthropicDocumentBlockParam['source'] {
  switch (source.kind) {
    case 'text':
      return { type: 'text', media_type: 'text/plain', data: source.data };
    case 'url':
      // Anthropic fetches PDFs by URL itself.
      if (!isHttpUrl(source.url)) throw invalidRequest('a document URL must be an http(s) URL', param);
      return { type: 'url', url: source.url };
    case 'file':
      return anthropicFile(source, param);
    case 'base64':
      if (source.mediaType === 'application/pdf') return { type: 'base64', media_type: 'application/pdf', data: source.data };
      // Anthropic takes plain-text documents as text, not base64.
      if (source.mediaType === 'text/plain') return { type: 'text', media_type: 'text/plain', data: Buffer.from(source.data, 'base64').toString('utf8') };
      throw invalidRequest(`Anthropic accepts files of type application/pdf, text/plain or an image type, not ${source.mediaType}`, param);
  }
}

/** A file stored with Anthropic (its Files API); one stored with another provider (OpenAI's file_id) means nothing to it. */
function anthropicFile(source: Extract<MediaSource, { kind: 'file' }>, param: string): AnthropicFileSource {
  if (source.family !== 'anthropic') {
    throw invalidRequest(`Anthropic models cannot read a file stored with ${source.family}: send its data inline (a base64 data: URL), not a file_id`, param);
  }
  return { type: 'file', file_id: source.id };
}
