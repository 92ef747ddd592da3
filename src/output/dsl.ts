/**
 * A few constructors for the JSON Schemas (draft-07) of helmsync's JSON
 * outputs. Objects stay open: within a schemaVersion fields are only ever
 * added, so a consumer must accept fields it does not know, and so does the
 * schema; every field it names is typed and the required ones must be there.
 * test/e2e/json-output.test.ts validates real runs against them.
 */
export type JsonSchema = Record<string, unknown>;

export const str: JsonSchema = { type: 'string' };
export const int: JsonSchema = { type: 'integer' };
export const num: JsonSchema = { type: 'number' };
export const bool: JsonSchema = { type: 'boolean' };
/** Any JSON value (helm values, live object fields). */
export const anyValue: JsonSchema = {};

export const arr = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
export const oneOf = (...values: (string | number)[]): JsonSchema => ({ enum: values });
export const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
export const mapOf = (values: JsonSchema): JsonSchema => ({ type: 'object', additionalProperties: values });

/** A closed object: `required` fields must be there, `optional` may be. */
export function obj(required: Record<string, JsonSchema>, optional: Record<string, JsonSchema> = {}, description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(required),
    properties: { ...required, ...optional },
  };
}

/** The top of an output's schema. */
export function document(name: string, description: string, body: JsonSchema): JsonSchema {
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: `https://helmsync.dev/schema/output/${name}.json`, title: `helmsync ${name} --output json`, description, ...body };
}
