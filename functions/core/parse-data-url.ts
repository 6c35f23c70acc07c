/** A base64 `data:` URL split into its media type and payload; undefined for anything else. */
export interface InlineData {
  mediaType: string;
  data: string;
}

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w-]+=[^;,]*)*;base64,/;

export function parseDataUrl(url: string): InlineData | undefined {
  const match = DATA_URL.exec(url);
  if (!match?.[1]) return undefined;
  return { mediaType: match[1].toLowerCase(), data: url.slice(match[0].length) };
}
