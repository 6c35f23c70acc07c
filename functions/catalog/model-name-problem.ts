/**
 * What makes a provider's model name unsafe to send: the name goes into the request URL's path
 * for some providers (Bedrock's `/model/{id}/converse`, Gemini's `/models/{id}:generateContent`),
 * and `encodeURIComponent` leaves `.` alone, so `bedrock/..` would climb out of its segment
 * (`/model/../converse` is `/converse`). No provider names a model with path or query syntax, so
 * such names are refused for every provider, wherever the model sits:
 *
 * - a dot segment: the whole name, or any of its `/`-separated parts, `.` or `..`;
 * - `?`, `#`, `\\` and `%` (a percent-escape may decode into any of these at some hop), and
 *   anything outside printable ASCII (control characters, spaces);
 * - `/`, where the provider puts the model in one path segment and its names have none (Gemini),
 *   or have one only in ARNs (Bedrock).
 */
import type { ProviderDefinition } from '../providers/provider-registry.ts';

const UNSAFE_CHARACTER = /[^\x21-\x7e]|[?#\\%]/;
const DOT_SEGMENT = /^\.{1,2}$/;

/** Why `model` (the part after `provider/`) cannot be sent to `provider`, or undefined when it can. */
export function modelNameProblem(provider: Pick<ProviderDefinition, 'modelInPath'>, model: string): string | undefined {
  const unsafe = UNSAFE_CHARACTER.exec(model);
  if (unsafe) return `it contains ${describeCharacter(unsafe[0])}, which no model name has`;
  if (model.split('/').some((segment) => DOT_SEGMENT.test(segment))) return "'.' and '..' are path segments, not model names";
  if (!model.includes('/')) return undefined;
  if (provider.modelInPath === 'no-slash') return "this provider's model names have no '/'";
  if (provider.modelInPath === 'slash-in-arn' && !model.startsWith('arn:')) return "this provider's model names have a '/' only in an ARN (arn:...)";
  return undefined;
}

function describeCharacter(character: string): string {
  if (/[?#\\%]/.test(character)) return `'${character}'`;
  return `the character U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
