import { execFileSync } from 'node:child_process';
// Differential check against Go; see README.md. BUILD = compiled repo (tsc --outDir), ORACLE = built Go oracles.
const BUILD = process.env.BUILD ?? '/tmp/fnb';
const ORACLE = process.env.ORACLE ?? '/tmp/go-oracle';
const { parseGoYaml, toGoYaml, goTypeOf } = await import(`${BUILD}/src/gotemplate/functions/index.js`);
const docs = [
`# comment
---
base: &base
  image:
    repository: nginx   # trailing comment
    tag: "1.25"
  replicas: 2
prod:
  <<: *base
  replicas: 5
  extra: [a, b]
list:
- name: a
  value: 1
-   name: b
    nested:
    - - x
      - y
folded: >
  folded text
  continues here

  new para
literal: |+
  keep

plain: multi
  line no
`,
`key: plain
  continued line
other: 'single ''quoted'' '
dq: "esc \\t \\u00e9 \\x41"
empty:
tilde: ~
seq: []
date: 2024-01-02T03:04:05Z
dt2: 2024-1-2
n: 0o17
h: -0x1F
b: 0b11
f: 6.02e23
neg0: -0.0
`,
`- a
- b: 1
  c: [1, {d: e}]
- !!binary aGVsbG8=
- ? complex
  : key
`,
`"quoted key": 1
? explicit
: 2
'a b': {x: [1,2,3], y: {z: null}}
`,
`anchors:
  - &a {k: v}
  - *a
  - <<: *a
    k2: v2
  - <<: [*a, {k: w, k3: x}]
`,
`text: |
  line1
    indented
  line3
trail: "x\\n\\n"
lead: "\\nx"
sp: "a \\nb"
tabs: "a\\tb\\nc"
`,
];
const out = execFileSync(`${ORACLE}/yaml-oracle`, { input: docs.join('\0') + '\0' }).toString().split('\0');
function types(v) {
  if (Array.isArray(v)) return '[' + v.map(types).join(',') + ']';
  const t = goTypeOf(v);
  if (t === 'map[string]interface {}') return '{' + Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map((k) => k + ':' + types(v[k])).join(',') + '}';
  return t;
}
docs.forEach((d, i) => {
  let got; try { const v = parseGoYaml(d); got = types(v) + '\x01' + toGoYaml(v); } catch (e) { got = 'ERR ' + e.message; }
  console.log(got === out[i] ? 'OK' : 'DIFF\n--- got\n' + got + '\n--- want\n' + out[i]);
});
