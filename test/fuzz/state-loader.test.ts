/**
 * Property test of the releases-file loader (src/state): generated files —
 * documents built from the loader's own schema (every key, values of the
 * right kind most of the time and of a wrong kind sometimes, references to
 * missing files, needs between releases, templates in `.gotmpl` files),
 * and those documents mangled as text (cut, spliced, indentation broken,
 * stray template delimiters) — either load or fail with a UserError, the
 * error users see with file and line. Any other exception is a crash: a bug.
 * Bounded in time (fuzzParams); the seed is printed on failure.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { UserError } from '../../src/errors/index.js';
import { loadState } from '../../src/state/index.js';
import { stateFields, type Fields, type Kind } from '../../src/state/schema.js';
import { testDeps } from '../state/support.js';
import { fuzzParams } from './support.js';

const word = fc.constantFrom('web', 'db', 'apps', 'data', 'x', 'prod', 'dev', 'default', 'values.yaml', 'missing.yaml', './chart', 'repo/chart', 'oci://r/c', '1.2.3', '~1.0', '>=2', 'a.b=c', 'web', 'data/db');
const scalar = fc.oneof(word, fc.string({ maxLength: 8 }), fc.integer({ min: -2, max: 5 }), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, min: -10, max: 10 }));
const anyValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(word, scalar, { maxKeys: 3 }));

/** A value for a schema kind: the right shape ~94% of the time, anything otherwise. */
function valueOf(kind: Kind, depth: number): fc.Arbitrary<unknown> {
  const right = ((): fc.Arbitrary<unknown> => {
    if (typeof kind === 'string') {
      switch (kind) {
        case 'string':
          return word;
        case 'bool':
          return fc.boolean();
        case 'int':
          return fc.integer({ min: -1, max: 600 });
        case 'strings':
          return fc.array(word, { maxLength: 3 });
        case 'stringMap':
          return fc.dictionary(word, word, { maxKeys: 3 });
        case 'stringOrStrings':
          return fc.oneof(word, fc.array(word, { maxLength: 2 }));
        case 'values':
          return fc.array(fc.oneof(word, fc.dictionary(word, scalar, { maxKeys: 3 })), { maxLength: 3 });
        default:
          return anyValue;
      }
    }
    if (depth > 2) return fc.constant(null);
    if ('obj' in kind) return objectOf(kind.obj, depth + 1);
    if ('list' in kind) return fc.array(valueOf(kind.list, depth + 1), { maxLength: 3 });
    return fc.dictionary(word, valueOf(kind.mapOf, depth + 1), { maxKeys: 2 });
  })();
  return fc.oneof({ arbitrary: right, weight: 15 }, { arbitrary: anyValue, weight: 1 });
}

/** An object with a few of the schema's keys (and now and then one it does not know). */
function objectOf(fields: Fields, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(fields);
  const entry = fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...keys).chain((k) => valueOf(fields[k]!, depth).map((v) => [k, v] as const)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('vaules', 'relases', 'nmae', 'extra'), anyValue) },
  );
  return fc.array(entry, { maxLength: depth === 0 ? 5 : 4 }).map((es) => Object.fromEntries(es));
}

/** A plausible state document: the schema's keys plus releases that look real. */
const release = fc.record(
  { name: fc.constantFrom('web', 'db', 'api'), namespace: fc.constantFrom('apps', 'data'), chart: fc.constantFrom('./chart', 'repo/chart'), needs: fc.array(fc.constantFrom('data/db', 'apps/web', 'nope'), { maxLength: 2 }) },
  { requiredKeys: ['name'] },
);
const documents = fc
  .tuple(objectOf(stateFields, 0), fc.array(release, { maxLength: 3 }))
  .map(([doc, rels]) => (rels.length && !('releases' in doc) ? { ...doc, releases: rels } : doc));

/** One or more `---` parts, as YAML text. */
const yamlText = fc.array(documents, { minLength: 1, maxLength: 2 }).map((docs) => docs.map((d) => stringify(d)).join('---\n'));

const TEMPLATE_BITS = ['{{ .Values.x }}', '{{ .Environment.Name }}', '{{ requiredEnv "NOPE" }}', '{{ if .Values.a }}', '{{ end }}', '{{', '}}', '{{ readFile "missing.txt" }}', '{{ toYaml .Values | nindent 2 }}', '{{ .Release.Name }}'];

/** The same text, mangled: cut, spliced with YAML or template punctuation, or re-indented. */
const mangled = fc.tuple(yamlText, fc.nat(), fc.constantFrom(':', '- ', '  ', '\t', '"', "'", '[', '{', '&a ', '*a', '<<: *a\n', '\n---\n', '#', ...TEMPLATE_BITS)).map(([t, n, s]) => {
  const at = t.length ? n % (t.length + 1) : 0;
  switch (n % 4) {
    case 0:
      return t.slice(0, at);
    case 1:
      return t.slice(0, at) + s + t.slice(at);
    case 2: {
      const lines = t.split('\n');
      const i = n % Math.max(lines.length, 1);
      lines[i] = ` ${lines[i] ?? ''}`;
      return lines.join('\n');
    }
    default:
      return t.slice(0, at) + t.slice(at + 1 + (n % 5));
  }
});

const templated = fc.tuple(yamlText, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TEMPLATE_BITS)), { maxLength: 3 })).map(([t, bits]) => {
  let out = t;
  for (const [n, b] of bits) {
    const at = out.length ? n % (out.length + 1) : 0;
    out = out.slice(0, at) + b + out.slice(at);
  }
  return out;
});

describe('releases-file loader under generated input', () => {
  let root: string;
  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'helmsync-fuzz-state-')));
    mkdirSync(join(root, 'chart', 'templates'), { recursive: true });
    writeFileSync(join(root, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: chart\nversion: 0.1.0\n');
    writeFileSync(join(root, 'values.yaml'), 'x: 1\na: true\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['schema-shaped helmfile.yaml', yamlText, 'helmfile.yaml'],
    ['mangled helmfile.yaml', mangled, 'helmfile.yaml'],
    ['mangled helmfile.yaml.gotmpl', mangled, 'helmfile.yaml.gotmpl'],
    ['templated helmfile.yaml.gotmpl', templated, 'helmfile.yaml.gotmpl'],
  ])('%s: loads or fails with a UserError, never a crash', async (what, texts, fileName) => {
    const outcome = { loaded: 0, userErrors: 0 };
    await fc.assert(
      fc.asyncProperty(texts, fc.constantFrom('default', 'prod', 'dev'), async (text, environment) => {
        rmSync(join(root, 'helmfile.yaml'), { force: true });
        rmSync(join(root, 'helmfile.yaml.gotmpl'), { force: true });
        writeFileSync(join(root, fileName), text);
        try {
          await loadState({ file: fileName, environment, allowNoMatchingRelease: true }, testDeps(root));
          outcome.loaded++;
        } catch (e) {
          if (!(e instanceof UserError)) throw new Error(`crash loading ${JSON.stringify(text)} (-e ${environment}): ${(e as Error)?.stack ?? String(e)}`);
          outcome.userErrors++;
        }
      }),
      fuzzParams(Number(process.env.HELMSYNC_FUZZ_SECONDS ?? 6)),
    );
    process.stdout.write(`fuzz state loader (${what}): ${outcome.loaded + outcome.userErrors} files, ${outcome.loaded} loaded, ${outcome.userErrors} user errors\n`);
    expect(outcome.loaded + outcome.userErrors).toBeGreaterThan(30);
  }, 600_000);
});
