/**
 * The JSON Schema of a releases file (helmfile.yaml and each `---` part of a
 * `.gotmpl` after rendering), derived from the loader's own definition
 * (src/state/schema.ts) and closed sets (src/state/validate-enums.ts), so an
 * editor (yaml-language-server) and the loader accept the same documents:
 * test/state/json-schema.test.ts checks every fixture and corpus file, and
 * generated edge cases, through both.
 *
 * It describes what the decoder accepts, the way yaml v3 decodes into Go
 * fields: a string field takes any scalar (`version: 1.10` is the text
 * "1.10"), a boolean also "true"/"false" in any case, null leaves a field at
 * its zero value. What the loader checks beyond one document's shape is not
 * in it: the order of `bases:`/`environments:`/`releases:` across parts, files
 * that must exist, `ignoreDiffs` pointers and `promotion:` names.
 */
import { releaseFields, stateFields, type Fields, type Kind } from './schema.js';
import { INHERITABLE_KEYS, MERGE_STRATEGIES, MISSING_FILE_HANDLERS } from './validate-enums.js';

/** A JSON Schema (draft-07) node. */
export type JsonSchema = Record<string, unknown>;

/** Where the schema is published (its `$id`). */
export const SCHEMA_ID = 'https://helmsync.dev/schema/helmfile.schema.json';

const SCALAR = ['string', 'number', 'boolean'];
const NULL: JsonSchema = { type: 'null' };
const scalarOrNull: JsonSchema = { type: [...SCALAR, 'null'] };

/** Notes shown by editors on hover: Helmfile's keys link to its reference, helmsync's own say what they do. */
const NOTES: Record<string, string> = {
  ignoreDiffs: 'helmsync: fields diff ignores, e.g. [{kind: Deployment, jsonPointers: [/spec/replicas]}] (kind and jsonPointers required; pointers start with "/").',
  promotion: 'helmsync: what `helmsync promote` moves between environments: the environments in order, value keys, and per-release value keys.',
  releases: 'The Helm releases this file describes.',
  environments: 'Environments and their values (`-e NAME`).',
  helmDefaults: 'Defaults for every release.',
  missingFileHandler: `What a missing values file does: ${MISSING_FILE_HANDLERS.join(', ')}.`,
  mergeStrategy: `How environment values files layer: ${MERGE_STRATEGIES.join(', ')}.`,
  inherits: `State the sub-helmfile inherits: ${INHERITABLE_KEYS.join(', ')}.`,
};

const enumOf = (values: readonly string[]): JsonSchema => ({ anyOf: [{ enum: [...values] }, NULL] });

/**
 * Closed sets, by the path validate-enums.ts checks them at (root, environment,
 * release — not templates — and sub-helmfile entry).
 */
const ENUMS: { def: string; key: string; values: readonly string[]; list?: boolean }[] = [
  { def: '#', key: 'missingFileHandler', values: MISSING_FILE_HANDLERS },
  { def: 'environment', key: 'missingFileHandler', values: MISSING_FILE_HANDLERS },
  { def: 'environment', key: 'mergeStrategy', values: MERGE_STRATEGIES },
  { def: 'release', key: 'missingFileHandler', values: MISSING_FILE_HANDLERS },
  { def: 'helmfilesEntry', key: 'inherits', values: INHERITABLE_KEYS, list: true },
];

class Builder {
  readonly definitions: Record<string, JsonSchema> = {};
  private readonly names = new Map<Fields, string>();

  /** A definition per distinct field set (releases and templates share releaseFields). */
  ref(fields: Fields, name: string): JsonSchema {
    let def = this.names.get(fields);
    if (!def) {
      const base = fields === releaseFields ? 'release' : name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
      def = base;
      for (let n = 2; def in this.definitions; n++) def = `${base}${n}`;
      this.names.set(fields, def);
      this.definitions[def] = {};
      this.definitions[def] = this.object(fields, def);
    }
    return { $ref: `#/definitions/${def}` };
  }

  object(fields: Fields, def: string): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    for (const [key, kind] of Object.entries(fields)) {
      const closed = ENUMS.find((e) => e.def === def && e.key === key);
      const field = !closed ? this.field(kind) : closed.list ? { anyOf: [NULL, { type: 'array', items: { enum: [...closed.values] } }] } : enumOf(closed.values);
      properties[key] = NOTES[key] ? { description: NOTES[key], ...field } : field;
    }
    return { type: 'object', properties, additionalProperties: false };
  }

  /** A field of an object: null always leaves it unset. */
  field(kind: Kind): JsonSchema {
    const s = this.kind(kind);
    return Object.keys(s).length === 0 ? s : { anyOf: [NULL, s] };
  }

  kind(kind: Kind): JsonSchema {
    if (typeof kind === 'string') {
      switch (kind) {
        case 'string':
          return { type: SCALAR };
        case 'bool':
          return { anyOf: [{ type: 'boolean' }, { type: 'string', pattern: '^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$' }] };
        case 'int':
          return { type: 'integer' };
        case 'strings':
          return { type: 'array', items: scalarOrNull };
        case 'stringOrStrings':
          return { anyOf: [{ type: SCALAR }, { type: 'array', items: scalarOrNull }] };
        case 'stringMap':
          return { type: 'object', additionalProperties: scalarOrNull };
        case 'map':
          return { type: 'object' };
        case 'values':
          // File paths (templated when they end in .gotmpl) or inline maps.
          return { type: 'array', items: { type: ['string', 'object', 'null'] } };
        case 'any':
          return {};
      }
    }
    if ('obj' in kind) {
      const obj = this.withRequired(this.ref(kind.obj, kind.name), kind.required);
      return kind.shorthand ? { anyOf: [{ type: 'string' }, obj] } : obj;
    }
    if ('list' in kind) {
      const item = kind.list;
      const required = typeof item === 'object' && 'obj' in item && (item.required?.length ?? 0) > 0;
      // An entry left empty (`- `) is an empty entry, unless the entry needs a key.
      const items = required ? this.kind(item) : this.field(item);
      const list: JsonSchema = { type: 'array', items };
      const single = (kind as { single?: boolean }).single === true && typeof item === 'object' && 'obj' in item;
      return single ? { anyOf: [list, this.withRequired(this.ref((item as { obj: Fields }).obj, (item as { name: string }).name), (item as { required?: string[] }).required)] } : list;
    }
    return { type: 'object', additionalProperties: this.field(kind.mapOf) };
  }

  /** Keys an entry must have, with a value that is neither null nor empty. */
  private withRequired(ref: JsonSchema, required: string[] | undefined): JsonSchema {
    if (!required?.length) return ref;
    return {
      allOf: [ref, { type: 'object', required, properties: Object.fromEntries(required.map((k) => [k, { not: { enum: [null, ''] } }])) }],
    };
  }
}

/** The releases file's JSON Schema (draft-07, the dialect yaml-language-server reads best). */
export function stateJsonSchema(version: string): JsonSchema {
  const b = new Builder();
  const root = b.object(stateFields, '#');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'helmsync releases file (helmfile.yaml)',
    description: `Helmfile's releases file as helmsync ${version} reads it, with helmsync's own keys (ignoreDiffs, promotion). For a .gotmpl file it describes each part after rendering.`,
    // An empty part (only comments) is allowed.
    anyOf: [NULL, { $ref: '#/definitions/stateFile' }],
    definitions: { stateFile: root, ...b.definitions },
  };
}
