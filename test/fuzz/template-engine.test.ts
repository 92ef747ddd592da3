/**
 * Property test of the Go template engine (src/gotemplate): for generated
 * templates — well-formed ones built from Go's grammar (actions, pipelines,
 * if/range/with/define/template/block, variables, trim markers, every
 * function name) and broken ones (cut, spliced, stray delimiters) — with
 * generated data, `render` either returns text or fails with the engine's
 * own parse or exec error (Go's messages). Any other exception (TypeError,
 * RangeError, …) is a crash: a bug. Bounded in time (fuzzParams).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { render, TemplateExecError, TemplateParseError } from '../../src/gotemplate/index.js';
import { fuzzParams } from './support.js';

// Functions left out: they reach outside (exec, files, DNS, secrets) or only
// burn CPU (key generation, bcrypt, scrypt): not what this property is about.
const EXCLUDED = new Set([
  'exec', 'envExec', 'readFile', 'readDir', 'readDirEntries', 'fetchSecretValue', 'expandSecretRefs', 'getHostByName',
  'genPrivateKey', 'genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey',
  'buildCustomCert', 'bcrypt', 'htpasswd', 'derivePassword', 'encryptAES', 'decryptAES',
]);
const FUNCS = (
  'abbrev abbrevboth add add1 add1f addf adler32sum ago all any append atoi b32dec b32enc b64dec b64enc base biggest camelcase cat ceil chunk clean coalesce compact concat contains date dateInZone dateModify deepCopy deepEqual default dict dig dir div divf duration durationRound empty env expandenv ext fail first float64 floor fromJson fromJsonArray fromYaml fromYamlArray get getOrNil has hasKey hasPrefix hasSuffix htmlDate include indent initial initials int int64 isAbs isDir isFile join kebabcase keys kindIs kindOf last list lower max maxf merge mergeOverwrite min minf mod mul mulf mustAppend mustChunk mustFirst mustFromJson mustHas mustMerge mustMergeOverwrite mustRegexFind mustRegexMatch mustRegexReplaceAll mustRegexSplit mustToDate mustToJson mustUniq nindent nospace now omit osBase pick pluck plural prepend push quote randAlpha randInt regexFind regexFindAll regexMatch regexQuoteMeta regexReplaceAll regexSplit repeat replace required requiredEnv rest reverse round semver semverCompare seq set setValueAtPath sha1sum sha256sum shuffle slice snakecase sortAlpha split splitList splitn squote sub subf substr swapcase ternary title toDate toDecimal toJson toPrettyJson toRawJson toString toStrings toToml toYaml toYamlPretty tpl trim trimAll trimPrefix trimSuffix trunc tuple typeIs typeIsLike typeOf uniq unixEpoch unset until untilStep untitle upper urlJoin urlParse uuidv4 values without wrap wrapWith ' +
  // Go's own builtins.
  'and or not len index slice print printf println eq ne lt le gt ge html js urlquery call'
)
  .split(/\s+/)
  .filter((f) => f && !EXCLUDED.has(f));

const ident = fc.constantFrom('a', 'b', 'items', 'name', 'x', 'Values', 'nested', 'list', 'Environment', 'Name');
const field = fc.array(ident, { minLength: 1, maxLength: 3 }).map((p) => `.${p.join('.')}`);
// Declared by PRELUDE, so well-formed templates mostly parse.
const variable = fc.constantFrom('$', '$x', '$y', '$i', '$v');
const PRELUDE = '{{ $x := .a }}{{ $y := 1 }}{{ $i := 0 }}{{ $v := .b }}';
const literal = fc.oneof(
  fc.integer({ min: -3, max: 12 }).map(String),
  fc.constantFrom('1.5', '0x10', '1e2', "'a'", "'\\n'", 'true', 'false', 'nil', '`raw`', '-0', '07', '1_000', '0b101', '.5', '1i'),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
);

/** Go template text: well-formed pieces of the grammar. */
const { template } = fc.letrec<{ operand: string; command: string; call: string; expr: string; pipeline: string; template: string; item: string }>((tie) => ({
  operand: fc.oneof(
    { depthSize: 'small' },
    literal,
    field,
    variable,
    fc.constant('.'),
    fc.tuple(variable, field).map(([v, f]) => `${v}${f}`),
    tie('expr').map((p) => `(${p})`),
  ),
  call: fc.tuple(fc.constantFrom(...FUNCS), fc.array(tie('operand'), { maxLength: 3 })).map(([f, a]) => [f, ...a].join(' ')),
  command: fc.oneof(tie('operand'), tie('call')),
  // A pipeline without a declaration: the first command, then function stages (Go: later stages must be executable).
  expr: fc.tuple(tie('command'), fc.array(tie('call'), { maxLength: 2 })).map(([first, rest]) => [first, ...rest].join(' | ')),
  pipeline: fc.tuple(fc.option(fc.constantFrom('$x := ', '$y = ', '$v = '), { nil: '' }), tie('expr')).map(([decl, e]) => decl + e),
  item: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }),
    tie('pipeline').map((p) => `{{ ${p} }}`),
    tie('pipeline').map((p) => `{{- ${p} -}}`),
    fc.constant('{{/* a comment */}}'),
    fc.tuple(tie('pipeline'), tie('template'), tie('template')).map(([p, a, b]) => `{{if ${p}}}${a}{{else}}${b}{{end}}`),
    fc.tuple(tie('pipeline'), tie('template'), tie('template')).map(([p, a, b]) => `{{if ${p}}}${a}{{else if .x}}${b}{{end}}`),
    fc.tuple(tie('expr'), tie('template')).map(([p, a]) => `{{range $i, $v := ${p}}}${a}{{if $i}}{{break}}{{end}}{{continue}}{{end}}`),
    fc.tuple(tie('pipeline'), tie('template'), tie('template')).map(([p, a, b]) => `{{range ${p}}}${a}{{else}}${b}{{end}}`),
    fc.tuple(tie('pipeline'), tie('template')).map(([p, a]) => `{{with ${p}}}${a}{{end}}`),
    tie('expr').map((p) => `{{template "t" ${p}}}`),
        fc.tuple(tie('expr')).map(([p]) => `{{ include "t" ${p} }}{{ tpl "{{ . }}" ${p} }}`),
  ),
  template: fc.array(tie('item'), { maxLength: 4 }).map((xs) => xs.join('')),
}));

/** A whole file: the variables declared, optionally named templates (Go allows `define`/`block` only at the top level). */
const wellFormed = fc
  .tuple(template, fc.option(template, { nil: undefined }), fc.boolean(), fc.integer({ min: 0, max: 19 }).map((n) => n === 0))
  .map(([main, t, block, recursive]) =>
    [
      t !== undefined ? `{{define "t"}}${PRELUDE}${t}{{end}}` : '',
      recursive ? '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}' : '',
      PRELUDE,
      block ? `{{block "b" .}}${PRELUDE}${main}{{end}}` : main,
    ].join(''),
  );

/** Broken templates: a generated one cut, spliced or salted with stray delimiters. */
const broken = fc.tuple(wellFormed, fc.nat(), fc.constantFrom('{{', '}}', '{{-', '-}}', '{{end}}', '{{else}}', '"', '`', '(', ')', '|', ':=', '$', '{{/*', '*/}}')).map(([t, n, s]) => {
  const at = t.length ? n % (t.length + 1) : 0;
  return n % 3 === 0 ? t.slice(0, at) : t.slice(0, at) + s + t.slice(at);
});

const data = fc.oneof(
  fc.dictionary(fc.constantFrom('a', 'b', 'items', 'name', 'x', 'Values', 'nested', 'list'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** The engine's own failures; anything else thrown is a crash. */
function isEngineError(e: unknown): boolean {
  return e instanceof TemplateParseError || e instanceof TemplateExecError;
}

describe('Go template engine under generated input', () => {
  it.each([
    ['well-formed templates', wellFormed],
    ['broken templates', broken],
    ['arbitrary text', fc.string({ maxLength: 60 })],
  ])('%s: text or a template error, never a crash', (_what, templates) => {
    let runs = 0;
    const outcome = { text: 0, parse: 0, exec: 0 };
    fc.assert(
      fc.property(templates, data, fc.constantFrom('missingkey=default', 'missingkey=error', 'missingkey=zero'), (t, d, option) => {
        runs++;
        try {
          const out = render(t, d, { option, env: { HOME: '/home/x' } });
          expect(typeof out).toBe('string');
          outcome.text++;
        } catch (e) {
          if (e instanceof TemplateParseError) outcome.parse++;
          else if (e instanceof TemplateExecError) outcome.exec++;
          if (!isEngineError(e)) throw new Error(`crash on template ${JSON.stringify(t)} with data ${JSON.stringify(d)}: ${(e as Error)?.stack ?? String(e)}`);
        }
      }),
      fuzzParams(Number(process.env.HELMSYNC_FUZZ_SECONDS ?? 8)),
    );
    // A visible figure: how much was tried in the time given.
    process.stdout.write(`fuzz template engine (${_what}): ${runs} inputs, ${outcome.text} rendered, ${outcome.parse} parse errors, ${outcome.exec} exec errors\n`);
    expect(runs).toBeGreaterThan(50);
  }, 600_000);
});
