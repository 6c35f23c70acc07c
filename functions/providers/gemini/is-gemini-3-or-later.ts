/** Gemini 3 and later (`gemini-3-pro-preview`, `gemini-3.1-flash`...): thinking levels, built-in tools beside function tools. */
export function isGemini3OrLater(model: string): boolean {
  const major = /^(?:models\/)?gemini-(\d+)/.exec(model)?.[1];
  return major !== undefined && Number(major) >= 3;
}
