/**
 * shared/corpus/gotemplate/go-exec.jsonl (Go's own text/template exec tests as data)
 * through render(), the way run-corpus.mjs drives it. The pass count may only go up.
 */
import { render } from '../../../src/gotemplate/index.js';
import { corpusRows, type CorpusRow } from '../functions/support.js';

/** Rows passing when this test was written (all of them). */
const MIN_PASS = 422;

type Row = CorpusRow & { needsFuncs?: string[] };

const sig = <T extends (...a: never[]) => unknown>(fn: T, goSig: string) => Object.assign(fn, { goSig });
// JS versions of exec_test.go's test functions, as run-corpus.mjs defines them.
const testFuncs: Record<string, (...a: never[]) => unknown> = {
  add: sig((...a: number[]) => a.reduce((s, x) => s + x, 0), 'func(...int) int'),
  count: sig((n: number) => (n === 0 ? null : 'abcdefghijklmnop'.slice(0, n).split('')), 'func(int) chan string'),
  dddArg: sig((a: number, ...b: string[]) => `${a} [${b.join(' ')}]\n`, 'func(int, ...string) string'),
  die: sig(() => {
    throw new Error('die');
  }, 'func() bool'),
  echo: sig((x: unknown) => x, 'func(any) any'),
  makemap: sig((...a: string[]) => {
    const m: Record<string, string> = {};
    for (let i = 0; i < a.length; i += 2) m[a[i]] = a[i + 1];
    return m;
  }, 'func(...string) map[string]string'),
  mapOfThree: sig(() => ({ three: 3 }), 'func() any'),
  oneArg: sig((a: string) => 'oneArg=' + a, 'func(string) string'),
  returnInt: sig(() => 7, 'func() int'),
  twoArgs: sig((a: string, b: string) => 'twoArgs=' + a + b, 'func(string, string) string'),
  typeOf: sig(() => 'replaced by the engine', 'func(any) string'),
  valueString: sig(() => 'value is ignored', 'func(string) string'),
  zeroArgs: sig(() => 'zeroArgs', 'func() string'),
};

describe('go-exec corpus', () => {
  it(`passes at least ${MIN_PASS} rows`, () => {
    const rows = corpusRows('go-exec.jsonl') as Row[];
    const failures: string[] = [];
    for (const row of rows) {
      const funcs = row.needsFuncs ? Object.fromEntries(row.needsFuncs.map((f) => [f, testFuncs[f]])) : undefined;
      let out: string | undefined;
      let err: unknown;
      try {
        out = render(row.template, JSON.parse(JSON.stringify(row.data ?? null)), {
          name: row.name,
          option: row.option,
          corpus: 'go-exec',
          funcs: funcs as never,
        });
      } catch (e) {
        err = e;
      }
      const ok = row.ok ? err === undefined && out === row.expected : err !== undefined;
      if (!ok) failures.push(`${row.name}: ${err ? (err as Error).message : JSON.stringify(out)}`);
    }
    expect(rows.length - failures.length).toBeGreaterThanOrEqual(MIN_PASS);
  });
});
