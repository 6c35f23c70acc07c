import { describe, it, expect } from 'vitest';
import { stripUnsupportedSchemaKeywords } from '../../../functions/providers/gemini/strip-unsupported-schema-keywords.ts';

describe('stripUnsupportedSchemaKeywords', () => {
  it('drops $schema, $comment and strict at every depth, but not properties that have those names', () => {
    expect(
      stripUnsupportedSchemaKeywords({
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
    expect(stripUnsupportedSchemaKeywords(schema)).toEqual(schema);
  });

  it('inlines local references (zod/pydantic style), keeping their siblings, and drops the definitions', () => {
    expect(
      stripUnsupportedSchemaKeywords({
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
      stripUnsupportedSchemaKeywords({
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
      stripUnsupportedSchemaKeywords({
        type: 'object',
        properties: { a: { $ref: 'https://example.com/schema.json', description: 'remote' }, b: { $ref: '#/$defs/Missing' } },
      }),
    ).toEqual({ type: 'object', properties: { a: { description: 'remote' }, b: {} } });
  });

  it('turns const into a one-value enum, leaving an existing enum alone', () => {
    expect(
      stripUnsupportedSchemaKeywords({
        oneOf: [{ const: 'circle' }, { const: 3 }, { const: true }, { const: 'x', enum: ['x'] }],
      }),
    ).toEqual({ oneOf: [{ enum: ['circle'] }, { enum: [3] }, { const: true }, { const: 'x', enum: ['x'] }] });
  });

  it('does not modify its input', () => {
    const input = { $schema: 'x', type: 'object', properties: { a: { $ref: '#/$defs/A' } }, $defs: { A: { type: 'string' } } };
    const copy = structuredClone(input);
    stripUnsupportedSchemaKeywords(input);
    expect(input).toEqual(copy);
  });
});
