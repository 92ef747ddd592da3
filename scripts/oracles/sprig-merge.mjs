#!/usr/bin/env node
/**
 * Go oracle for sprig's merge family (issue 13, defect 2): renders every case of
 * test/gotemplate/functions/merge-cases.mjs with Go's text/template and sprig, for
 * each sprig/mergo pair below, and writes what Go printed (with provenance) to
 * fixtures/gotemplate/merge-oracle.json. The Go module is generated under
 * ~/.cache/helmsync/oracles (GOMODCACHE/GOCACHE there too); nothing Go is committed.
 *
 *   flock /work/.heavy.lock node scripts/oracles/sprig-merge.mjs
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot, goEnv } from '../cluster-versions.mjs';
import { MERGE_CASES } from '../../test/gotemplate/functions/merge-cases.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Helmfile's go.mod (sprig v3.3.0 + dario.cat/mergo v1.0.2), and the pair the issue was checked with. */
const PAIRS = [
  { id: 'helmfile', sprig: 'v3.3.0', mergo: { module: 'dario.cat/mergo', version: 'v1.0.2' } },
  { id: 'sprig-3.2.3', sprig: 'v3.2.3', mergo: { module: 'github.com/imdario/mergo', version: 'v0.3.12' } },
];

const MAIN = `package main

import (
	"bytes"
	"encoding/json"
	"os"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

func main() {
	var cases []string
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([]map[string]string, len(cases))
	for i, c := range cases {
		var b bytes.Buffer
		t, err := template.New("t").Funcs(sprig.TxtFuncMap()).Parse(c)
		if err == nil {
			err = t.Execute(&b, nil)
		}
		if err != nil {
			out[i] = map[string]string{"error": err.Error()}
		} else {
			out[i] = map[string]string{"output": b.String()}
		}
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}
`;

const env = { ...process.env, ...goEnv() };
const goVersion = execFileSync('go', ['version'], { env, encoding: 'utf8' }).trim();
const results = {};
for (const p of PAIRS) {
  const dir = join(cacheRoot(), 'oracles', `sprig-merge-${p.id}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.go'), MAIN);
  writeFileSync(join(dir, 'go.mod'), `module oracle\n\ngo 1.22\n\nrequire (\n\tgithub.com/Masterminds/sprig/v3 ${p.sprig}\n\t${p.mergo.module} ${p.mergo.version}\n)\n`);
  execFileSync('go', ['mod', 'tidy'], { cwd: dir, env, stdio: 'inherit' });
  // tidy may drop a pin sprig does not import: put it back (MVS then uses it).
  execFileSync('go', ['get', `github.com/Masterminds/sprig/v3@${p.sprig}`, `${p.mergo.module}@${p.mergo.version}`], { cwd: dir, env, stdio: 'inherit' });
  const list = execFileSync('go', ['list', '-m', 'all'], { cwd: dir, env, encoding: 'utf8' });
  const used = list.split('\n').filter((l) => /sprig|mergo/.test(l));
  const out = execFileSync('go', ['run', '.'], { cwd: dir, env, input: JSON.stringify(MERGE_CASES.map((c) => c.template)), encoding: 'utf8' });
  results[p.id] = { modules: used, results: JSON.parse(out) };
}
const file = join(root, 'fixtures', 'gotemplate', 'merge-oracle.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify({ provenance: { generator: 'scripts/oracles/sprig-merge.mjs', go: goVersion, date: new Date().toISOString().slice(0, 10) }, cases: MERGE_CASES.map((c) => c.template), pairs: results }, null, 1)}\n`,
);
console.log(`wrote ${file}`);
