/**
 * Providers echo keys back in some error messages (OpenAI: "Incorrect API key provided:
 * sk-proj-****MZQA"). Nothing of a key may reach a client or a log, masked or not.
 */
const KEY_PATTERNS = [
  /\bsk-[A-Za-z0-9_*.-]{6,}/g, // OpenAI, Anthropic (sk-ant-), DeepSeek, Together
  /\bAIza[0-9A-Za-z_-]{10,}/g, // Google API keys
  /\bgsk_[A-Za-z0-9_*]{6,}/g, // Groq
  /\bxai-[A-Za-z0-9_*]{6,}/g, // xAI
];

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let redacted = text;
  for (const secret of secrets) if (secret.length >= 8) redacted = redacted.replaceAll(secret, '[redacted]');
  for (const pattern of KEY_PATTERNS) redacted = redacted.replace(pattern, '[redacted]');
  return redacted;
}
