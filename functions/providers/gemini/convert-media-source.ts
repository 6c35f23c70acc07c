/**
 * Where an image or document comes from, as a Gemini part. Media travel as `inlineData` (base64)
 * or, for https URLs, as `fileData`: since January 2026 the Gemini API fetches public and signed
 * https URLs itself, so the gateway does not download anything. Plain text is a text part.
 */
import { parseDataUrl } from '../../core/parse-data-url.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { MediaSource } from '../../core/parts.ts';
import type { GeminiPart } from './gemini-api-types.ts';

/** `fallbackType` is the media type of a URL whose name says none; `param` names the source in a 400. */
export function convertMediaSource(source: MediaSource, fallbackType: string, param: string): GeminiPart {
  switch (source.kind) {
    case 'base64':
      return { inlineData: { mimeType: source.mediaType, data: source.data } };
    case 'url':
      return urlPart(source.url, fallbackType, param);
    case 'text':
      return { text: source.data };
    case 'file':
      throw invalidRequest(
        `Gemini cannot read a file stored with a provider (${source.family} file '${source.id}'); send the content inline as a base64 data: URL (data:<media type>;base64,...).`,
        param,
      );
  }
}

function urlPart(url: string, fallbackType: string, param: string): GeminiPart {
  if (url.startsWith('data:')) {
    const inline = parseDataUrl(url);
    if (!inline) throw invalidRequest('The data: URL must be base64 encoded (data:<media type>;base64,...).', param);
    return { inlineData: { mimeType: inline.mediaType, data: inline.data } };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest('Gemini needs a base64 data: URL or an https URL.', param);
  }
  if (parsed.protocol !== 'https:') {
    throw invalidRequest(`Gemini fetches only https URLs; send a base64 data: URL instead of a ${parsed.protocol} URL.`, param);
  }
  return { fileData: { mimeType: guessMediaType(parsed.pathname, fallbackType), fileUri: url } };
}

const MEDIA_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  wav: 'audio/wav',
  mp3: 'audio/mp3',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  mov: 'video/mov',
  webm: 'video/webm',
  txt: 'text/plain',
};

/** Gemini requires a MIME type with `fileData`: the URL's extension says it, or the part's kind does (an image is most likely a JPEG). */
function guessMediaType(pathname: string, fallbackType: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase();
  return (extension && MEDIA_TYPES[extension]) || fallbackType;
}
