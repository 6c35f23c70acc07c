/**
 * A zod validation issue worded as OpenAI words a 400: the parameter as a path
 * (`messages[2].content`), and what was expected against what came.
 */
import type * as z from 'zod';
import { invalidRequest, type CallError } from '../core/call-error.ts';

/**
 * The 400 for a body a schema refused, in OpenAI's words, naming the one field the issues point at
 * most precisely; `at` is where the body sits in a larger one (`['requests', 3]`).
 */
export function openAIValidationError(issues: readonly z.core.$ZodIssue[], json: unknown, at: ReadonlyArray<PropertyKey> = []): CallError {
  const issue = mostSpecificIssue(issues);
  const param = formatPath([...at, ...issue.path]);
  const value = valueAt(json, issue.path);
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
  }
  return invalidRequest(describeIssue(issue, param, value), param || null, issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_value');
}

/** `['messages', 2, 'content']` as `messages[2].content`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * For a value that matches no branch of a union (a content part, a message), the branch that got
 * furthest names the real mistake better than "invalid input" on the union itself.
 */
export function mostSpecificIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  let best = issues[0]!;
  for (const issue of issues) {
    if (issue.code !== 'invalid_union') continue;
    for (const branch of issue.errors) {
      if (branch.length === 0) continue;
      const candidate = mostSpecificIssue(branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
      if (candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best;
}

function describeIssue(issue: z.core.$ZodIssue, param: string, value: unknown): string {
  const where = param === '' ? 'the request' : `'${param}'`;
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid type for ${where}: expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${typeName(value)}.`;
    case 'invalid_union': {
      if ('note' in issue && issue.note === 'No matching discriminator') return `Invalid value for ${where}: ${JSON.stringify(value)} is not supported.`;
      const expected = [...new Set(issue.errors.flatMap((branch) => branch.flatMap((inner) => (inner.code === 'invalid_type' && inner.path.length === 0 ? [inner.expected] : []))))];
      if (expected.length > 0) return `Invalid type for ${where}: expected ${expected.join(' or ')}, got ${typeName(value)}.`;
      return `Invalid value for ${where}: it matches none of the accepted forms.`;
    }
    case 'invalid_value':
      return `Invalid value for ${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}.`;
    default:
      return `Invalid value for ${where}: ${lowerFirst(issue.message)}.`;
  }
}

/** The value at a validation issue's path in the parsed body; undefined where there is none. */
export function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const typeName = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? String(value) : typeof value;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
