import { describe, it, expect } from 'vitest';
import { stripUnsupportedSchemaKeywords } from '../../../functions/providers/gemini/strip-unsupported-schema-keywords.ts';

const strip = (schema: Record<string, unknown>) => stripUnsupportedSchemaKeywords(schema, 'tools[0].function.parameters');

describe('stripUnsupportedSchemaKeywords', () => {
  it('drops $schema, $comment and strict at every depth, but not properties that have those names', () => {
    expect(
      strip({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        strict: true,
        properties: {
          $schema: { type: 'string', $comment: 'a field called $schema' },
          strict: { type: 'boolean' },
          list: {
            type: 'array',
            items: { type: 'object', $schema: 'x', properties: { deep: { anyOf: [{ type: 'string', $comment: 'c' }, { type: 'null' }] } } },
          },
        },
        additionalProperties: { type: 'number', $comment: 'values' },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        $schema: { type: 'string' },
        strict: { type: 'boolean' },
        list: { type: 'array', items: { type: 'object', properties: { deep: { anyOf: [{ type: 'string' }, { type: 'null' }] } } } },
      },
      additionalProperties: { type: 'number' },
    });
  });

  it('leaves data untouched: enum values, defaults and examples are not schemas', () => {
    const schema = {
      type: 'object',
      properties: { mode: { type: 'string', enum: ['a', 'b'], default: 'a', examples: [{ $schema: 'kept' }] } },
      required: ['mode'],
    };
    expect(strip(schema)).toEqual(schema);
  });

  it('inlines local references (zod/pydantic style), keeping their siblings, and drops the definitions', () => {
    expect(
      strip({
        $ref: '#/$defs/Args',
        $defs: {
          Args: { type: 'object', properties: { to: { $ref: '#/definitions/Address', description: 'recipient' } }, required: ['to'] },
        },
        definitions: { Address: { type: 'object', properties: { city: { type: 'string', $comment: 'x' } } } },
      }),
    ).toEqual({
      type: 'object',
      properties: { to: { type: 'object', properties: { city: { type: 'string' } }, description: 'recipient' } },
      required: ['to'],
    });
  });

  it('keeps recursive references as $ref into $defs, with no siblings', () => {
    expect(
      strip({
        type: 'object',
        properties: { root: { $ref: '#/definitions/Node', description: 'the tree' } },
        definitions: {
          Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/Node', description: 'child' } } } },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        root: {
          type: 'object',
          properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
          description: 'the tree',
        },
      },
      $defs: {
        Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } } },
      },
    });
  });

  it('drops references it cannot resolve, keeping what is beside them', () => {
    expect(
      strip({
        type: 'object',
        properties: { a: { $ref: 'https://example.com/schema.json', description: 'remote' }, b: { $ref: '#/$defs/Missing' } },
      }),
    ).toEqual({ type: 'object', properties: { a: { description: 'remote' }, b: {} } });
  });

  it('turns const into a one-value enum, leaving an existing enum alone', () => {
    expect(
      strip({
        oneOf: [{ const: 'circle' }, { const: 3 }, { const: true }, { const: 'x', enum: ['x'] }],
      }),
    ).toEqual({ oneOf: [{ enum: ['circle'] }, { enum: [3] }, { const: true }, { const: 'x', enum: ['x'] }] });
  });

  it('does not modify its input', () => {
    const input = { $schema: 'x', type: 'object', properties: { a: { $ref: '#/$defs/A' } }, $defs: { A: { type: 'string' } } };
    const copy = structuredClone(input);
    strip(input);
    expect(input).toEqual(copy);
  });

  it('refuses a schema whose $refs would inline exponentially, naming it, instead of freezing', () => {
    // Each level refers to the one below twice: 40 levels would inline 2^40 copies.
    const $defs: Record<string, unknown> = { l0: { type: 'string' } };
    for (let level = 1; level <= 40; level++) {
      $defs[`l${level}`] = { type: 'object', properties: { a: { $ref: `#/$defs/l${level - 1}` }, b: { $ref: `#/$defs/l${level - 1}` } } };
    }
    expect(() => strip({ $ref: '#/$defs/l40', $defs })).toThrow(
      expect.objectContaining({ status: 400, param: 'tools[0].function.parameters', message: expect.stringContaining('too large') }),
    );
  });
});
