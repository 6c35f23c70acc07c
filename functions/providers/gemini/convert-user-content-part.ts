/**
 * One part of a user message as a Gemini part. Media travel as `inlineData` (base64 from a `data:`
 * URL) or, for https URLs, as `fileData`: since January 2026 the Gemini API fetches public and
 * signed https URLs itself, so the gateway does not download anything.
 */
import type { UserContentPart } from '../../chat/chat-request-schema.ts';
import { parseDataUrl } from '../../chat/parse-data-url.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { GeminiPart } from './gemini-api-types.ts';

/** `param` is the part's path in the request, e.g. `messages[2].content[1]`, for error messages. */
export function convertUserContentPart(part: UserContentPart, param: string): GeminiPart {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image_url':
      return urlPart(part.image_url.url, `${param}.image_url.url`);
    case 'input_audio':
      // OpenAI names the format ("wav", "mp3"); Gemini wants the MIME type (audio/wav, audio/mp3).
      return { inlineData: { mimeType: `audio/${part.input_audio.format.toLowerCase()}`, data: part.input_audio.data } };
    case 'file': {
      const fileData = part.file.file_data;
      const inline = fileData === undefined ? undefined : parseDataUrl(fileData);
      if (!inline) {
        throw invalidRequest(
          'Gemini needs the file content inline: send `file_data` as a base64 data: URL (data:<media type>;base64,...); file ids are not supported.',
          `${param}.file`,
        );
      }
      return { inlineData: { mimeType: inline.mediaType, data: inline.data } };
    }
  }
}

function urlPart(url: string, param: string): GeminiPart {
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
  return { fileData: { mimeType: guessMediaType(parsed.pathname), fileUri: url } };
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

/** Gemini requires a MIME type with `fileData`; an image_url without a known extension is most likely a JPEG. */
export function guessMediaType(pathname: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase();
  return (extension && MEDIA_TYPES[extension]) || 'image/jpeg';
}
