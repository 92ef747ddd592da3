/**
 * sprig.jsonl and helmfile.jsonl (shared/corpus/gotemplate) through the real engine's render(),
 * the way run-corpus.mjs drives it. The pass counts may only go up; rows still failing are
 * listed with reasons in src/gotemplate/functions/KNOWN-FAILURES.md.
 */
import { render } from '../../../src/gotemplate/index.js';
import { corpusRows, type CorpusRow } from './support.js';

/** Pass counts reached when this test was written (see KNOWN-FAILURES.md for the rest). */
const MIN_PASS: Record<string, number> = { 'sprig.jsonl': 375, 'helmfile.jsonl': 350 };

function helmfileData(values: unknown): unknown {
  const v = values && typeof values === 'object' && !Array.isArray(values) ? values : {};
  return { Environment: { Name: 'default', KubeContext: '', Values: v, Defaults: {}, CLIOverrides: {} }, Namespace: '', Values: v, StateValues: v };
}

function runRow(row: CorpusRow, corpus: string): { ok: boolean; why: string } {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(row.env ?? {})) { saved[k] = process.env[k]; process.env[k] = v; }
  try {
    const data = row.data === undefined ? undefined : JSON.parse(JSON.stringify(row.data));
    const out = render(row.template, row.helmfileData ? helmfileData(data) : data, {
      name: row.name, option: row.option, env: row.env, files: row.files, dataYaml: row.dataYaml, helmfileData: !!row.helmfileData,
      ...({ corpus } as object),
    });
    if (!row.ok) return { ok: false, why: `expected an error, got ${JSON.stringify(out)}` };
    return { ok: out === row.expected, why: `got ${JSON.stringify(out)} want ${JSON.stringify(row.expected)}` };
  } catch (e) {
    return { ok: !row.ok, why: `threw ${(e as Error).message}` };
  } finally {
    for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  }
}

describe.each(Object.keys(MIN_PASS))('%s through render()', (file) => {
  test(`passes at least ${MIN_PASS[file]} rows`, () => {
    const rows = corpusRows(file);
    const failures: string[] = [];
    let pass = 0;
    for (const row of rows) {
      const r = runRow(row, file.replace(/\.jsonl$/, ''));
      if (r.ok) pass++;
      else failures.push(`${row.name}: ${r.why.slice(0, 200)}`);
    }
    if (pass < MIN_PASS[file]) throw new Error(`${pass}/${rows.length} passed (< ${MIN_PASS[file]}):\n${failures.join('\n')}`);
    expect(pass).toBeGreaterThanOrEqual(MIN_PASS[file]);
  });
});
