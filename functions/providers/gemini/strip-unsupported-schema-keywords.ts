/**
 * A client's JSON Schema made safe for Gemini's JSON Schema fields (`parametersJsonSchema`,
 * `responseJsonSchema`). Those fields take JSON Schema, but Google documents a subset and two rules
 * that common generators (zod, pydantic) break:
 * - `$ref` may have no sibling keywords other than `$`-prefixed ones, and only `$defs` is named,
 *   so local references are inlined (siblings kept) and only recursive ones stay as `$ref`;
 * - `const` is not in the subset, `enum` is (for strings and numbers), so `const` becomes `enum`.
 * `$schema`, `$comment` and the non-JSON-Schema `strict` are dropped: they say nothing about the
 * data. Keywords outside the subset but harmless (`default`, `pattern`...) are kept: Google accepts
 * the full JSON Schema and ignores what it does not enforce.
 */

import { isJsonObject } from '../../core/is-json-object.ts';
import { invalidRequest } from '../../core/call-error.ts';

type JsonObject = Record<string, unknown>;

/**
 * Inlining copies a definition at every reference, so definitions that refer to one another can
 * grow a small schema exponentially: past this many schema nodes the request is refused rather
 * than left to freeze the gateway.
 */
export const MAX_SCHEMA_NODES = 10_000;

const DROPPED = new Set(['$schema', '$comment', 'strict']);
/** Keywords whose value is one schema (or, for legacy `items`, a list of schemas). */
const SCHEMA_VALUED = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
]);
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
/** Keywords whose value maps names to schemas: the names are data, not keywords. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas']);
const DEFINITIONS = new Set(['$defs', 'definitions']);

const LOCAL_REF = /^#\/(?:\$defs|definitions)\/(.+)$/;


/** `param` names the schema in a 400 when it is too large once inlined. */
export function stripUnsupportedSchemaKeywords(schema: JsonObject, param: string): JsonObject {
  let nodes = 0;
  const definitions = new Map<string, JsonObject>();
  for (const key of DEFINITIONS) {
    const defs = schema[key];
    if (isJsonObject(defs)) for (const [name, def] of Object.entries(defs)) if (isJsonObject(def)) definitions.set(name, def);
  }
  /** Definitions that must stay because something refers to them recursively. */
  const kept = new Map<string, JsonObject>();

  const keep = (name: string, def: JsonObject) => {
    if (kept.has(name)) return;
    kept.set(name, {}); // placeholder first: the definition refers to itself
    kept.set(name, walk(def, [name]));
  };

  function walk(node: JsonObject, expanding: readonly string[]): JsonObject {
    if (++nodes > MAX_SCHEMA_NODES) {
      throw invalidRequest(`The schema is too large for Gemini once its $refs are inlined (over ${MAX_SCHEMA_NODES} nodes).`, param);
    }
    const ref = node.$ref;
    if (typeof ref === 'string') {
      const { $ref: _ref, ...siblings } = node;
      const name = refName(ref);
      const def = name === undefined ? undefined : definitions.get(name);
      if (name === undefined || def === undefined) return walk(siblings, expanding); // unresolvable: drop the reference
      if (expanding.includes(name)) {
        keep(name, def);
        return { $ref: `#/$defs/${name.replaceAll('~', '~0').replaceAll('/', '~1')}` };
      }
      return { ...walk(def, [...expanding, name]), ...walk(siblings, expanding) };
    }

    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || DEFINITIONS.has(key)) continue;
      if (key === 'const') {
        if ((typeof value === 'string' || typeof value === 'number') && node.enum === undefined) out.enum = [value];
        else out.const = value;
      } else if (SCHEMA_MAPS.has(key) && isJsonObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, walkValue(sub, expanding)]));
      } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
        out[key] = value.map((sub) => walkValue(sub, expanding));
      } else if (SCHEMA_VALUED.has(key)) {
        out[key] = Array.isArray(value) ? value.map((sub) => walkValue(sub, expanding)) : walkValue(value, expanding);
      } else {
        out[key] = value; // data (enum, default, examples...) or a scalar keyword: kept verbatim
      }
    }
    return out;
  }

  const walkValue = (value: unknown, expanding: readonly string[]): unknown => (isJsonObject(value) ? walk(value, expanding) : value);

  const result = walk(schema, []);
  if (kept.size > 0) result.$defs = Object.fromEntries(kept);
  return result;
}

/** The definition name a local reference points to, JSON-pointer and percent escapes undone. */
function refName(ref: string): string | undefined {
  const match = LOCAL_REF.exec(ref);
  if (!match?.[1] || match[1].includes('/')) return undefined;
  try {
    return decodeURIComponent(match[1]).replaceAll('~1', '/').replaceAll('~0', '~');
  } catch {
    return undefined;
  }
}
