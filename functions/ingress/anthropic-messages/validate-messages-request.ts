/**
 * A parsed body as a Messages (or token count) request, or the 400 Anthropic would answer: the
 * field's dotted path, then what is wrong with it in Anthropic's words (`max_tokens: Field
 * required`, `messages.0.content.1.source.media_type: Input should be 'image/jpeg', ...`,
 * `foo: Extra inputs are not permitted`), so a client's own handling of Anthropic's errors applies.
 */
import type * as z from 'zod';
import { invalidRequest } from '../../core/call-error.ts';
import { mostSpecificIssue, valueAt } from '../../http/validation-issue.ts';
import { countTokensRequestSchema, messagesRequestSchema } from './messages-request-schema.ts';

export const validateMessagesRequest = (json: unknown) => validate(messagesRequestSchema(), json);
export const validateCountTokensRequest = (json: unknown) => validate(countTokensRequestSchema(), json);

function validate<T>(schema: z.ZodType<T>, json: unknown): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = mostSpecificIssue(result.error.issues);
  // An unknown field is named by its own path, as Anthropic names it.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const param = path.map(String).join('.');
  const { text, code } = describe(issue, valueAt(json, path));
  throw invalidRequest(param === '' ? text : `${param}: ${text}`, param || null, code);
}

interface Description {
  text: string;
  code: string;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a valid string',
  number: 'a valid number',
  int: 'a valid integer',
  boolean: 'a valid boolean',
  array: 'a valid list',
  object: 'a valid dictionary',
  record: 'a valid dictionary',
};
const typeName = (expected: string) => TYPE_NAMES[expected] ?? `a valid ${expected}`;

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`, as pydantic (and so Anthropic) lists choices. */
function choices(values: readonly unknown[]): string {
  const quoted = values.map((value) => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value)));
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

function describe(issue: z.core.$ZodIssue, value: unknown): Description {
  switch (issue.code) {
    case 'unrecognized_keys':
      return { text: 'Extra inputs are not permitted', code: 'unknown_parameter' };
    case 'invalid_type':
      if (value === undefined) return { text: 'Field required', code: 'missing_required_parameter' };
      return { text: `Input should be ${typeName(issue.expected)}`, code: 'invalid_type' };
    case 'invalid_value':
      return { text: `Input should be ${choices(issue.values)}`, code: 'invalid_value' };
    case 'invalid_union': {
      if ('note' in issue && issue.note === 'No matching discriminator') {
        if (value === undefined) return { text: 'Field required', code: 'missing_required_parameter' };
        const tags = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
        return {
          text: `Input tag ${choices([value])} found using '${'discriminator' in issue ? String(issue.discriminator) : 'type'}' does not match any of the expected tags: ${tags.map((tag) => `'${String(tag)}'`).join(', ')}`,
          code: 'invalid_value',
        };
      }
      const expected = [...new Set(issue.errors.flatMap((branch) => branch.flatMap((inner) => (inner.code === 'invalid_type' && inner.path.length === 0 ? [inner.expected] : []))))];
      if (value === undefined) return { text: 'Field required', code: 'missing_required_parameter' };
      if (expected.length > 0) return { text: `Input should be ${expected.map(typeName).join(' or ')}`, code: 'invalid_type' };
      return { text: 'Input matches none of the accepted forms', code: 'invalid_value' };
    }
    case 'too_small':
      return { text: bound(issue.origin, 'at least', issue.minimum, issue.inclusive, value), code: 'invalid_value' };
    case 'too_big':
      return { text: bound(issue.origin, 'at most', issue.maximum, issue.inclusive, value), code: 'invalid_value' };
    default:
      return { text: upperFirst(issue.message), code: 'invalid_value' };
  }
}

function bound(origin: string, side: 'at least' | 'at most', limit: number | bigint, inclusive: boolean | undefined, value: unknown): string {
  const count = Number(limit);
  if (origin === 'array') return `List should have ${side} ${count} item${count === 1 ? '' : 's'} after validation, not ${Array.isArray(value) ? value.length : 0}`;
  if (origin === 'string') return `String should have ${side} ${count} character${count === 1 ? '' : 's'}`;
  const comparison = side === 'at least' ? 'greater than' : 'less than';
  return `Input should be ${comparison}${inclusive === false ? '' : ' or equal to'} ${count}`;
}

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
