/**
 * One part of a user message as a Chat Completions content part. Media travel inline as data: URLs
 * (images, PDFs) or by reference (an image URL, an OpenAI file id); what Chat Completions cannot
 * carry is a 400 naming the part, which fails over to a target that can read it.
 */
import type { UserContentPart } from '../../ingress/openai-chat/chat-request-schema.ts';
import { invalidRequest } from '../../core/call-error.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import { unreadablePart } from '../../core/unreadable-part.ts';
import type { DocumentPart, ImagePart, NativePart, UserPart } from '../../core/parts.ts';
import { CHAT_COMPLETIONS } from './chat-completions-name.ts';

/** A content part, or a part kept whole from an OpenAI Chat body (a file of no form the call knows). */
export type ChatUserPart = UserContentPart | NativePart['block'];

const dataUrl = (mediaType: string, data: string) => `data:${mediaType};base64,${data}`;

/** `param` names the part, e.g. `messages[2].content[1]`; what is left out is said in `notes`. */
export function encodeChatUserPart(part: UserPart, param: string, notes: string[]): ChatUserPart | undefined {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      return encodeImage(part, param);
    case 'audio':
      return { type: 'input_audio', input_audio: { data: part.data, format: part.format } };
    case 'document':
      return encodeDocument(part, param, notes);
    case 'native':
      if (part.dialect === 'openai-chat') return part.block;
      throw unreadablePart(part, param, 'Chat Completions');
  }
}

function encodeImage(part: ImagePart, param: string): UserContentPart {
  const detail = part.detail !== undefined ? { detail: part.detail } : {};
  const source = part.source;
  switch (source.kind) {
    case 'url':
      return { type: 'image_url', image_url: { url: source.url, ...detail } };
    case 'base64':
      return { type: 'image_url', image_url: { url: dataUrl(source.mediaType, source.data), ...detail } };
    case 'text':
      throw invalidRequest('An image must come as a URL or as base64 data, not as text', param);
    case 'file':
      throw invalidRequest(`Chat Completions takes images by URL or inline, not as the ${source.family} file ${source.id}`, param);
  }
}

function encodeDocument(part: DocumentPart, param: string, notes: string[]): UserContentPart {
  if (part.context !== undefined) notes.push(leftOutNote({ kind: 'parameter', name: 'document.context', target: CHAT_COMPLETIONS }));
  if (part.citations) notes.push(leftOutNote({ kind: 'parameter', name: 'document.citations', target: CHAT_COMPLETIONS, why: 'does not cite documents' }));
  const filename = part.title !== undefined ? { filename: part.title } : {};
  const source = part.source;
  switch (source.kind) {
    case 'base64':
      return { type: 'file', file: { file_data: dataUrl(source.mediaType, source.data), ...filename } };
    case 'text':
      // Chat Completions reads PDFs as files; plain text is read best as text.
      if (part.title !== undefined) notes.push(leftOutNote({ kind: 'parameter', name: 'document.title', target: CHAT_COMPLETIONS, why: 'takes a text document as plain text' }));
      return { type: 'text', text: source.data };
    case 'file':
      if (source.family !== 'openai-compatible') {
        throw invalidRequest(`The document is the ${source.family} file ${source.id}, which only that provider family can read`, param);
      }
      return { type: 'file', file: { file_id: source.id, ...filename } };
    case 'url':
      throw invalidRequest(`Chat Completions takes documents inline or as an OpenAI file id, not by URL (${source.url})`, param);
  }
}
