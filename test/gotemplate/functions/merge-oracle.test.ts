/**
 * sprig's merge family against a Go oracle (issue 13, defect 2): every case of
 * merge-cases.mjs ("", false, 0, nil, values, maps and a missing key on either
 * side, flat and nested, several sources, dst mutated) rendered by Go
 * text/template + sprig v3.3.0 + dario.cat/mergo v1.0.2 (Helmfile's go.mod),
 * recorded by scripts/oracles/sprig-merge.mjs into fixtures/gotemplate/merge-oracle.json
 * with its provenance. helmsync must print what Go printed, byte for byte.
 * The same file records sprig v3.2.3 + mergo v0.3.12 (the pair the issue was
 * checked with): it agrees on empty values and differs only where a map source
 * meets a scalar destination in mergeOverwrite (v0.3.12 keeps the scalar).
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '../../../src/gotemplate/index.js';
import { MERGE_CASES } from './merge-cases.mjs';
import { repoRoot } from './support.js';

interface Oracle {
  provenance: { generator: string; go: string; date: string };
  cases: string[];
  pairs: Record<string, { modules: string[]; results: ({ output: string } | { error: string })[] }>;
}

const oracle = JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'gotemplate', 'merge-oracle.json'), 'utf8')) as Oracle;

describe('merge family against Go sprig (Helmfile\'s versions)', () => {
  it('the recorded cases are the current ones', () => {
    expect(oracle.cases).toEqual(MERGE_CASES.map((c) => c.template));
    expect(oracle.pairs.helmfile!.modules).toEqual(['dario.cat/mergo v1.0.2', 'github.com/Masterminds/sprig/v3 v3.3.0']);
  });

  it('mergeOverwrite overwrites with an empty source value, as Go does', () => {
    expect(render('{{ mergeOverwrite (dict "a" "x") (dict "a" "") | toJson }}', {})).toBe('{"a":""}');
  });

  const results = oracle.pairs.helmfile!.results;
  it.each(MERGE_CASES.map((c, i) => [c.id, c.template, i] as const))('%s', (_id, template, i) => {
    const want = results[i]!;
    let got: { output: string } | { error: string };
    try {
      got = { output: String(render(template, {})) };
    } catch (e) {
      got = { error: (e as Error).message };
    }
    if ('error' in want) expect('error' in got).toBe(true);
    else expect(got).toEqual(want);
  });
});
