/**
 * The shape of a state file as data (inventory §1.2-1.6), and its validation: unknown keys
 * are rejected with the nearest known key (Helmfile decodes strictly), scalar types are
 * checked and coerced the way yaml v3 decodes into Go fields.
 */
import { UserError, withContext } from '../errors/index.js';
import { nearest } from './levenshtein.js';
import type { YamlSource } from './yaml-source.js';

/** How one field is decoded. */
export type Kind =
  | 'string'
  | 'bool'
  | 'int'
  | 'strings'
  | 'stringMap'
  | 'any'
  | 'map'
  | 'values'
  | 'stringOrStrings'
  | { obj: Fields; name: string; shorthand?: string; required?: string[] }
  /** `single`: a lone map is taken as a one-entry list (Helmfile's deprecated map form of `inherit` only). */
  | { list: Kind; single?: boolean }
  | { mapOf: Kind; nullable?: boolean };

export type Fields = Record<string, Kind>;

const setValue: Kind = { obj: { name: 'string', value: 'string', file: 'string', values: 'strings' }, name: 'set entry', required: ['name'] };
const hook: Kind = {
  obj: { name: 'string', events: 'strings', command: 'string', args: 'strings', showlogs: 'bool', kubectlApply: 'map' },
  name: 'hook',
};
const mfhConfig: Kind = { obj: { ignoreMissingGitBranch: 'bool' }, name: 'missingFileHandlerConfig' };

/** Fields shared by `helmDefaults` and releases. */
const common: Fields = {
  kubeContext: 'string', verify: 'bool', keyring: 'string', enableDNS: 'bool', skipSchemaValidation: 'bool', devel: 'bool',
  wait: 'bool', waitRetries: 'int', waitForJobs: 'bool', timeout: 'int', recreatePods: 'bool', force: 'bool', atomic: 'bool',
  rollbackOnFailure: 'bool', cleanupOnFail: 'bool', forceConflicts: 'bool', historyMax: 'int', createNamespace: 'bool',
  skipDeps: 'bool', skipRefresh: 'bool', reuseValues: 'bool', postRenderer: 'string', postRendererArgs: 'strings',
  cascade: 'string', suppressOutputLineRegex: 'strings', disableAutoDetectedKubeVersionForDiff: 'bool',
  disableValidation: 'bool', disableOpenAPIValidation: 'bool', insecureSkipTLSVerify: 'bool', plainHttp: 'bool',
  deleteWait: 'bool', deleteTimeout: 'int', syncReleaseLabels: 'bool', takeOwnership: 'bool', serverSide: 'string',
  trackMode: 'string', helmStuckGrace: 'int',
  // helmsync extension: fields diff ignores (src/diff/ignore-rules.ts validates the entries).
  ignoreDiffs: { list: 'any' },
};

export const helmDefaultsFields: Fields = {
  ...common, args: 'strings', diffArgs: 'strings', syncArgs: 'strings', templateArgs: 'strings', skipCRDs: 'bool',
};

export const releaseFields: Fields = {
  ...common,
  name: 'string', namespace: 'string', chart: 'string', directory: 'string', version: 'string', forceGoGetter: 'bool',
  description: 'string', labels: 'stringMap',
  values: 'values', valuesTemplate: 'values', secrets: 'values', set: { list: setValue }, setString: { list: setValue },
  setTemplate: { list: setValue }, env: { list: { obj: { name: 'string', value: 'string' }, name: 'env entry', required: ['name'] } },
  valuesPathPrefix: 'string', missingFileHandler: 'string', missingFileHandlerConfig: mfhConfig,
  installed: 'bool', condition: 'string', conditionTemplate: 'string', installedTemplate: 'string', waitTemplate: 'string',
  verifyTemplate: 'string', updateStrategy: 'string', adopt: 'strings', disableValidationOnInstall: 'bool',
  suppressDiff: 'bool', apiVersions: 'strings', kubeVersion: 'string', needs: 'strings',
  dependencies: { list: { obj: { chart: 'string', version: 'string', alias: 'string' }, name: 'dependency' } },
  jsonPatches: { list: 'any' }, strategicMergePatches: { list: 'any' }, transformers: { list: 'any' }, forceNamespace: 'string',
  inherit: { list: { obj: { template: 'string', except: 'strings' }, name: 'inherit entry', shorthand: 'template', required: ['template'] }, single: true },
  hooks: { list: hook }, unitTests: 'strings', trackTimeout: 'int', trackLogs: 'bool', trackFailedLogs: 'bool',
  trackKinds: 'strings', skipKinds: 'strings',
  trackResources: { list: { obj: { kind: 'string', name: 'string', namespace: 'string' }, name: 'trackResources entry' } },
  kubedogQPS: 'int', kubedogBurst: 'int', trackFailOnError: 'bool', chartPath: 'string',
};

const repositoryFields: Fields = {
  name: 'string', url: 'string', caFile: 'string', certFile: 'string', keyFile: 'string', username: 'string',
  password: 'string', registryConfig: 'string', managed: 'string', oci: 'bool', verify: 'bool', keyring: 'string',
  passCredentials: 'bool', skipTLSVerify: 'bool', plainHttp: 'bool',
};

const environmentFields: Fields = {
  values: 'values', secrets: 'values', kubeContext: 'string', missingFileHandler: 'string',
  missingFileHandlerConfig: mfhConfig, mergeStrategy: 'string',
};

const subHelmfileFields: Fields = {
  path: 'string', selectors: 'strings', selectorsInherited: 'bool', values: 'values', inherits: 'strings',
};

export const stateFields: Fields = {
  bases: 'strings',
  helmfiles: { list: { obj: subHelmfileFields, name: 'helmfiles entry', shorthand: 'path', required: ['path'] } },
  environments: { mapOf: { obj: environmentFields, name: 'environment' }, nullable: true },
  values: 'values',
  helmDefaults: { obj: helmDefaultsFields, name: 'helmDefaults' },
  repositories: { list: { obj: repositoryFields, name: 'repository', required: ['name'] } },
  releases: { list: { obj: releaseFields, name: 'release' } },
  templates: { mapOf: { obj: releaseFields, name: 'template' }, nullable: true },
  defaultInherit: 'stringOrStrings',
  commonLabels: 'stringMap',
  missingFileHandler: 'string',
  missingFileHandlerConfig: mfhConfig,
  lockFilePath: 'string',
  apiVersions: 'strings',
  kubeVersion: 'string',
  hooks: { list: hook },
  helmBinary: 'string',
  kustomizeBinary: 'string',
  kubeContext: 'string',
  namespace: 'string',
  chart: 'string',
  llm: 'map',
  // Keys Helmfile's decoder accepts beyond its documented ones (src/state/deprecated-keys.ts):
  // HelmState's untagged FilePath / RenderedValues (Go's yaml lowercases the field name; the
  // loader overwrites both, so they are ignored) and the v0-era `context:` and `charts:`.
  filepath: 'string',
  renderedvalues: 'map',
  context: 'string',
  charts: { list: { obj: releaseFields, name: 'release' } },
  // helmsync extension (issue 12): what `helmsync promote` moves; src/promote/config.ts checks the entries.
  promotion: {
    obj: { environments: 'strings', values: 'strings', releases: { mapOf: { obj: { values: 'strings' }, name: 'promotion release' }, nullable: true } },
    name: 'promotion',
  },
};

/** The next step for a value of the wrong type: the shape the key wants, with its own name. */
function typeHint(what: string, key: string | number, v: unknown): string {
  const k = typeof key === 'number' ? `item ${key}` : key;
  const scalar = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? JSON.stringify(v) : undefined;
  switch (what) {
    case 'a boolean':
      return `write ${k}: true or ${k}: false (unquoted)`;
    case 'an integer':
      return `write a whole number, e.g. ${k}: 300`;
    case 'a string':
      return `quote the value: ${k}: "…"`;
    case 'a list of strings':
      return scalar !== undefined ? `write it as a list: ${k}: [${scalar}]` : `write a list: ${k}: [a, b]`;
    case 'a list of file paths or maps':
      return scalar !== undefined ? `write it as a list: ${k}: [${scalar}]` : `write a list of files: ${k}: [values.yaml]`;
    case 'a map of strings':
      return `write key: value pairs, e.g. ${k}: {tier: web}`;
    case 'a map':
      return `write key: value pairs under ${k}: (${k}: {name: value})`;
    case 'a list':
      return scalar !== undefined ? `write it as a list: ${k}: [${scalar}]` : `write it as a list, each item starting with "- "`;
    default:
      return 'see helmsync schema for the type of every key';
  }
}

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a map' : `${typeof v} ${JSON.stringify(v)}`;

/**
 * Validates and coerces a decoded YAML value against `fields`. Returns a new object;
 * null fields are dropped (Go leaves them at their zero value).
 * @param where e.g. `release "web"`, for messages.
 */
export function decodeObject(value: unknown, fields: Fields, src: YamlSource, where: string, parent?: unknown, parentKey?: string | number): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${where} must be a map, got ${describe(value)}`, {
      location: src.locate(parent ?? value, parentKey),
      hint: fields === releaseFields ? 'write each release as a map: "- name: web" with chart: etc. on the lines below' : `write ${where || 'it'} as key: value pairs`,
    });
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) {
    const kind = fields[key];
    if (!kind) {
      const guess = nearest(key, Object.keys(fields));
      const named = typeof obj.name === 'string' ? ` (name: ${obj.name})` : '';
      throw new UserError(`unknown key "${key}" in ${where || 'the state file'}${named}`, {
        location: src.locate(obj, key),
        hint: guess ? `did you mean "${guess}"?` : `known keys: ${Object.keys(fields).join(', ')}`,
      });
    }
    let d: unknown;
    try {
      d = decodeField(v, kind, src, obj, key, where ? `${where}.${key}` : key);
    } catch (e) {
      // A wrong field of a release names the release.
      if (fields !== releaseFields || typeof obj.name !== 'string') throw e;
      throw withContext(e, { release: typeof obj.namespace === 'string' && obj.namespace ? `${obj.namespace}/${obj.name}` : obj.name });
    }
    if (d !== undefined) out[key] = d;
  }
  return out;
}

/** A decoded object that lacks a key its kind requires is an error at the object's line. */
function checkRequired(out: Record<string, unknown>, kind: { name: string; required?: string[] }, src: YamlSource, parent: unknown, key: string | number, where: string): Record<string, unknown> {
  for (const k of kind.required ?? []) {
    if (out[k] === undefined || out[k] === '') {
      throw new UserError(`${where} (a ${kind.name}) has no ${k}`, { location: src.locate(parent, key), hint: `give it ${k}:` });
    }
  }
  return out;
}

function decodeField(v: unknown, kind: Kind, src: YamlSource, parent: unknown, key: string | number, where: string): unknown {
  if (v === null || v === undefined) return undefined;
  const fail = (what: string, hint?: string): never => {
    throw new UserError(`${where} must be ${what}, got ${describe(v)}`, { location: src.locate(parent, key), hint: hint ?? typeHint(what, key, v) });
  };
  if (typeof kind === 'string') {
    switch (kind) {
      case 'string':
        if (typeof v === 'string') return v;
        if (typeof v === 'object') return fail('a string');
        // yaml v3 decodes any scalar into a string field as its literal text.
        return src.raw(parent, key) ?? String(v);
      case 'bool':
        if (typeof v === 'boolean') return v;
        if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
        return fail('a boolean');
      case 'int':
        if (typeof v === 'number' && Number.isInteger(v)) return v;
        return fail('an integer');
      case 'strings':
        if (!Array.isArray(v)) return fail('a list of strings');
        return v.map((x, i) => decodeField(x, 'string', src, v, i, `${where}[${i}]`) ?? '');
      case 'stringOrStrings':
        if (Array.isArray(v)) return decodeField(v, 'strings', src, parent, key, where);
        return [decodeField(v, 'string', src, parent, key, where)];
      case 'stringMap': {
        if (typeof v !== 'object' || Array.isArray(v)) return fail('a map of strings');
        const out: Record<string, string> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          out[k] = x === null ? '' : (decodeField(x, 'string', src, v, k, `${where}.${k}`) as string);
        }
        return out;
      }
      case 'map':
        if (typeof v !== 'object' || Array.isArray(v)) return fail('a map');
        return v;
      case 'values':
        if (!Array.isArray(v)) return fail('a list of file paths or maps');
        return v.map((x, i) => {
          if (x === null) return {};
          if (typeof x === 'string' || (typeof x === 'object' && !Array.isArray(x))) return x;
          throw new UserError(`${where}[${i}] must be a file path or a map, got ${describe(x)}`, { location: src.locate(v, i) });
        });
      case 'any':
        return v;
    }
  }
  if ('obj' in kind) {
    if (kind.shorthand && typeof v === 'string') return { [kind.shorthand]: v };
    return checkRequired(decodeObject(v, kind.obj, src, where, parent, key), kind, src, parent, key, where);
  }
  if ('list' in kind) {
    // Helmfile accepts the deprecated map form of `inherit` as a one-entry list.
    if (!Array.isArray(v)) {
      if (kind.single && typeof v === 'object' && typeof kind.list === 'object' && 'obj' in kind.list) return [decodeField(v, kind.list, src, parent, key, where)];
      const entry = typeof kind.list === 'object' && 'obj' in kind.list ? kind.list.name : undefined;
      // `releases:` written as a map of name → release: show the list form of its first entry.
      const first = v && typeof v === 'object' ? Object.keys(v)[0] : undefined;
      const example = first !== undefined ? `"- name: ${first}" instead of "${first}:"` : '"- name: …"';
      return fail('a list', entry ? `write each ${entry} as a list item starting with "- " (e.g. ${example})` : undefined);
    }
    const item = kind.list;
    return v.map((x, i) => decodeField(x, item, src, v, i, `${where}[${i}]`) ?? (typeof item === 'object' && 'obj' in item ? checkRequired({}, item, src, v, i, `${where}[${i}]`) : null));
  }
  if (typeof v !== 'object' || Array.isArray(v)) return fail('a map');
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === null) {
      if (kind.nullable) out[k] = {};
      continue;
    }
    out[k] = decodeField(x, kind.mapOf, src, v, k, `${where}.${k}`);
  }
  return out;
}
