/**
 * The releases file's JSON Schema (src/state/json-schema.ts) and the loader's
 * decoder (src/state/schema.ts + validate-enums.ts) accept the same documents:
 * every part of every state file in fixtures/ and ../shared/corpus (as the
 * loader renders it, with each case's environment and values) and generated
 * documents built around each kind's edge values (scalars in string fields,
 * "TRUE", null entries, empty required keys, lone maps for lists, unknown keys,
 * values outside a closed set) go through both, and the verdicts must match.
 */
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { UserError } from '../../src/errors/index.js';
import { loadState } from '../../src/state/index.js';
import { stateJsonSchema } from '../../src/state/json-schema.js';
import type { TracedDocument } from '../../src/state/load-options.js';
import { splitParts } from '../../src/state/parts.js';
import { decodeObject, stateFields, type Fields, type Kind } from '../../src/state/schema.js';
import type { StateSpec } from '../../src/state/types.js';
import { validateEnums } from '../../src/state/validate-enums.js';
import { parseYamlSource } from '../../src/state/yaml-source.js';
import { shellWords } from '../corpus/shell-words.js';
import { fuzzParams } from '../fuzz/support.js';
import { testDeps } from './support.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');

const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: false });
const validate = ajv.compile(stateJsonSchema('test'));

type Verdict = { ok: true } | { ok: false; why: string };

/** What the loader's decoder says about one document's text (undefined: not YAML at all, neither judges it). */
function loaderVerdict(text: string): { value: unknown; verdict: Verdict } | undefined {
  let src;
  try {
    src = parseYamlSource(text, { file: 'doc.yaml' });
  } catch {
    return undefined;
  }
  try {
    const spec = decodeObject(src.value, stateFields, src, '') as StateSpec;
    validateEnums(spec, src.value, src, 'doc.yaml');
    return { value: src.value, verdict: { ok: true } };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { value: src.value, verdict: { ok: false, why: e.message } };
  }
}

function schemaVerdict(value: unknown): Verdict {
  if (validate(value)) return { ok: true };
  const e = validate.errors?.[validate.errors.length - 1];
  return { ok: false, why: `${e?.instancePath} ${e?.message}` };
}

/** A disagreement, or undefined when both accept or both refuse. */
function disagreement(text: string): string | undefined {
  const l = loaderVerdict(text);
  if (!l) return undefined;
  const s = schemaVerdict(l.value);
  if (l.verdict.ok === s.ok) return undefined;
  return l.verdict.ok ? `schema refuses (${s.ok ? '' : s.why}) what the loader accepts` : `schema accepts what the loader refuses (${l.verdict.why})`;
}

// ---------------------------------------------------------------- corpus and fixtures

const STATE_FILE = /(^|\/)(helmfile[^/]*\.ya?ml(\.gotmpl)?|input\.ya?ml(\.gotmpl)?|issue[^/]*\.ya?ml\.gotmpl|helmfile\.d\/[^/]+\.ya?ml(\.gotmpl)?)$/;

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'charts') walk(p, out);
    else if (e.isFile() && STATE_FILE.test(p)) out.push(p);
  }
  return out;
}

interface Entry {
  label: string;
  cwd: string;
  file?: string;
  environment?: string;
  sets?: string[];
  env?: Record<string, string>;
}

/** How each case is run: realworld case.json, Helmfile's cases.yaml commands, and every state file by itself. */
function entries(): Entry[] {
  const out: Entry[] = [];
  const rw = join(CORPUS, 'realworld');
  if (existsSync(rw)) {
    for (const id of readdirSync(rw)) {
      const f = join(rw, id, 'case.json');
      if (!existsSync(f)) continue;
      const c = JSON.parse(readFileSync(f, 'utf8')) as { main: string; expect_releases_env?: string; env?: Record<string, string>; state_values_set?: Record<string, string> | string[] };
      const sets = !c.state_values_set ? [] : Array.isArray(c.state_values_set) ? c.state_values_set : Object.entries(c.state_values_set).map(([k, v]) => `${k}=${v}`);
      const env = Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, v.replace('<case root>', join(rw, id))]));
      out.push({ label: `realworld/${id}`, cwd: join(rw, id), file: c.main, ...(c.expect_releases_env ? { environment: c.expect_releases_env } : {}), sets, env });
    }
  }
  const casesFile = join(CORPUS, 'helmfile', 'local', 'cases.yaml');
  if (existsSync(casesFile)) {
    const doc = parseYaml(readFileSync(casesFile, 'utf8')) as { cases: { id: string; cwd?: string; cmd?: string; steps?: { cmd?: string }[] }[] };
    for (const c of doc.cases) {
      for (const cmd of [c.cmd, ...(c.steps ?? []).map((s) => s.cmd)]) {
        if (!cmd || cmd.includes('...') || cmd.includes('$TMP/')) continue;
        const words = shellWords(cmd.replace(/#.*$/, ''));
        const e: Entry = { label: `helmfile/${c.id}: ${cmd}`, cwd: join(CORPUS, 'helmfile', 'local', c.id, c.cwd ?? '.'), sets: [] };
        words.forEach((w, i) => {
          const next = words[i + 1];
          if ((w === '-f' || w === '--file') && next) e.file = next;
          if ((w === '-e' || w === '--environment') && next) e.environment = next;
          if (w === '--state-values-set' && next) e.sets!.push(next);
          if (w.startsWith('--state-values-set=')) e.sets!.push(w.slice('--state-values-set='.length));
        });
        out.push(e);
      }
    }
  }
  for (const base of [join(ROOT, 'fixtures'), CORPUS]) {
    for (const f of walk(base)) out.push({ label: relative(ROOT, f), cwd: dirname(f), file: f });
  }
  return out;
}

describe('JSON Schema and loader agree', () => {
  it('is a valid draft-07 schema naming every key the loader knows', () => {
    const schema = stateJsonSchema('1.2.3') as { definitions: Record<string, { properties: Record<string, unknown> }> };
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(Object.keys(schema.definitions.stateFile!.properties).sort()).toEqual(Object.keys(stateFields).sort());
    expect(schema.definitions.release!.properties).toHaveProperty('ignoreDiffs');
    expect(schema.definitions.stateFile!.properties).toHaveProperty('promotion');
  });

  it('on every part of every fixture and corpus state file, as the loader renders it', async () => {
    const docs = new Map<string, TracedDocument & { from: string }>();
    let loads = 0;
    for (const e of entries()) {
      if (!existsSync(e.cwd) || !statSync(e.cwd).isDirectory()) continue;
      loads++;
      const trace = (d: TracedDocument): void => {
        if (!docs.has(d.text)) docs.set(d.text, { ...d, from: e.label });
      };
      try {
        await loadState(
          { ...(e.file ? { file: e.file } : {}), ...(e.environment ? { environment: e.environment } : {}), stateValuesSet: e.sets ?? [], allowNoMatchingRelease: true, traceDocument: trace },
          testDeps(e.cwd, { ...e.env, PATH: process.env.PATH ?? '' }),
        );
      } catch {
        // Loads stop at missing files, required env, refusals: what was decoded so far was traced.
      }
      // Plain files also count as written (a file the load skipped, e.g. an environment it lacks).
      if (e.file && !e.file.endsWith('.gotmpl') && existsSync(resolve(e.cwd, e.file)) && statSync(resolve(e.cwd, e.file)).isFile()) {
        const text = readFileSync(resolve(e.cwd, e.file), 'utf8');
        for (const p of splitParts(text)) {
          if (p.text.trim() && !docs.has(p.text)) docs.set(p.text, { file: e.file, absPath: resolve(e.cwd, e.file), part: p.index, text: p.text, lineOffset: p.lineOffset, from: e.label });
        }
      }
    }
    const verdicts = { accepted: 0, refused: 0, notYaml: 0 };
    const bad: string[] = [];
    for (const d of docs.values()) {
      const l = loaderVerdict(d.text);
      if (!l) {
        verdicts.notYaml++;
        continue;
      }
      if (l.verdict.ok) verdicts.accepted++;
      else verdicts.refused++;
      const why = disagreement(d.text);
      if (why) bad.push(`${relative(ROOT, d.absPath)} part ${d.part} (from ${d.from}): ${why}`);
    }
    process.stdout.write(`json-schema agreement: ${loads} loads, ${docs.size} distinct parts: ${verdicts.accepted} accepted by both, ${verdicts.refused} refused by both, ${verdicts.notYaml} not YAML; ${bad.length} disagreements\n`);
    expect(bad).toEqual([]);
    expect(docs.size).toBeGreaterThan(150);
    expect(verdicts.accepted).toBeGreaterThan(100);
  }, 300_000);

  it('hand-picked edge cases', () => {
    const cases: [string, boolean][] = [
      ['releases:\n- name: a\n  version: 1.10\n', true],
      ['releases:\n- name: a\n  wait: "TRUE"\n', true],
      ['releases:\n- name: a\n  wait: yes\n', false],
      ['releases:\n- name: a\n  timeout: 1.5\n', false],
      ['releases:\n- name: a\n  timeout: null\n', true],
      ['releases:\n- name: a\n  set:\n  - value: x\n', false],
      ['releases:\n- name: a\n  set:\n  - name: ""\n', false],
      ['releases:\n- name: a\n  set:\n  -\n', false],
      ['releases:\n- name: a\n  values:\n  - 3\n', false],
      ['releases:\n- name: a\n  values:\n  - x.yaml\n  - {a: 1}\n  -\n', true],
      ['releases:\n- name: a\n  needs: [1, true, null]\n', true],
      ['releases:\n- name: a\n  inherit: [base]\n', true],
      ['releases:\n- nmae: a\n', false],
      ['missingFileHandler: Warn\n', true],
      ['missingFileHandler: warn\n', false],
      ['environments:\n  prod:\n    mergeStrategy: fallback\n  dev:\n', true],
      ['environments:\n  prod:\n    mergeStrategy: merge\n', false],
      ['templates:\n  t:\n    missingFileHandler: Nope\n', false],
      // v0-era charts: entries are releases (found by the generated-documents property in CI).
      ['charts:\n- name: a\n  missingFileHandler: ""\n', false],
      ['charts:\n- name: a\n  missingFileHandler: Info\n', true],
      ['helmfiles:\n- path: a.yaml\n  inherits: [templates]\n', true],
      ['helmfiles:\n- path: a.yaml\n  inherits: [releases]\n', false],
      ['helmfiles:\n- a.yaml\n- {}\n', false],
      ['defaultInherit: base\n', true],
      ['commonLabels: {a: 1, b: null}\n', true],
      ['commonLabels: {a: [1]}\n', false],
      ['helmDefaults:\n  ignoreDiffs:\n  - {kind: Deployment, jsonPointers: [/spec/replicas]}\n', true],
      ['promotion:\n  environments: [dev, prod]\n  releases:\n    web: {values: [image.tag]}\n', true],
      ['promotion:\n  order: [dev]\n', false],
      ['# only a comment\n', true],
      ['- a\n', false],
    ];
    for (const [text, ok] of cases) {
      const l = loaderVerdict(text)!;
      expect([text, l.verdict.ok]).toEqual([text, ok]);
      expect([text, schemaVerdict(l.value).ok]).toEqual([text, ok]);
    }
  });

  it('on generated documents around each kind\u2019s edge values', () => {
    const outcome = { n: 0, accepted: 0 };
    fc.assert(
      fc.property(document, (doc) => {
        const text = stringify(doc);
        outcome.n++;
        const why = disagreement(text);
        if (why) throw new Error(`${why}:\n${text}`);
        if (loaderVerdict(text)?.verdict.ok) outcome.accepted++;
      }),
      fuzzParams(Number(process.env.HELMSYNC_FUZZ_SECONDS ?? 6)),
    );
    process.stdout.write(`json-schema agreement (generated): ${outcome.n} documents, ${outcome.accepted} accepted by both\n`);
    expect(outcome.n).toBeGreaterThan(100);
    expect(outcome.accepted).toBeGreaterThan(0);
    expect(outcome.accepted).toBeLessThan(outcome.n);
  }, 120_000);
});

// ---------------------------------------------------------------- generated documents

const edgeScalar = fc.constantFrom<unknown>('', 'x', '1.10', 'TRUE', 'false', 'yes', 'Error', 'Warn', 'warn', 'override', 'fallback', 'templates', 'releases', 0, 1, -1, 1.5, true, false, null);
const edgeAny: fc.Arbitrary<unknown> = fc.oneof(edgeScalar, fc.array(edgeScalar, { maxLength: 2 }), fc.dictionary(fc.constantFrom('a', 'name', 'path', 'template'), edgeScalar, { maxKeys: 2 }));

function valueOf(kind: Kind, depth: number): fc.Arbitrary<unknown> {
  const right = ((): fc.Arbitrary<unknown> => {
    if (typeof kind === 'string') {
      switch (kind) {
        case 'string':
        case 'bool':
        case 'int':
          return edgeScalar;
        case 'strings':
        case 'stringOrStrings':
        case 'values':
          return fc.oneof(edgeScalar, fc.array(fc.oneof(edgeScalar, fc.dictionary(fc.constantFrom('a', 'b'), edgeScalar, { maxKeys: 1 })), { maxLength: 3 }));
        case 'stringMap':
        case 'map':
          return fc.oneof(fc.dictionary(fc.constantFrom('a', 'b'), fc.oneof(edgeScalar, fc.array(edgeScalar, { maxLength: 1 })), { maxKeys: 2 }), edgeScalar);
        default:
          return edgeAny;
      }
    }
    if (depth > 3) return fc.constant(null);
    if ('obj' in kind) return fc.oneof({ weight: 6, arbitrary: objectOf(kind.obj, depth + 1) }, { weight: 1, arbitrary: edgeScalar });
    if ('list' in kind) {
      return fc.oneof(
        { weight: 6, arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: valueOf(kind.list, depth + 1) }, { weight: 1, arbitrary: fc.constant(null) }), { maxLength: 3 }) },
        { weight: 1, arbitrary: valueOf(kind.list, depth + 1) },
      );
    }
    return fc.dictionary(fc.constantFrom('dev', 'prod', 'web'), fc.oneof({ weight: 5, arbitrary: valueOf(kind.mapOf, depth + 1) }, { weight: 1, arbitrary: fc.constant(null) }), { maxKeys: 2 });
  })();
  return fc.oneof({ weight: 12, arbitrary: right }, { weight: 1, arbitrary: edgeAny });
}

function objectOf(fields: Fields, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(fields);
  const entry = fc.oneof(
    { weight: 40, arbitrary: fc.constantFrom(...keys).chain((k) => valueOf(fields[k]!, depth).map((v) => [k, v] as const)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('nmae', 'vaules', 'extra'), edgeScalar) },
  );
  return fc.array(entry, { maxLength: depth === 0 ? 4 : 3 }).map((es) => Object.fromEntries(es));
}

const document = objectOf(stateFields, 0);
