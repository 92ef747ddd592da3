/**
 * The minimal edit: whole files compared before and after (only the promoted
 * scalars differ), and a property test over generated documents: comments,
 * blank lines, key order, quoting of untouched nodes and line endings survive,
 * and the loader decodes exactly the promoted change.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { UserError } from '../../src/errors/index.js';
import { GoFloat } from '../../src/gotemplate/value.js';
import { editYamlValues } from '../../src/promote/yaml-edit.js';
import { decodeValuesYaml } from '../../src/state/values-codec.js';

const edit = (text: string, edits: { path: (string | number)[]; value: unknown }[]) => editYamlValues(text, edits, { file: 'values.yaml' });

describe('editYamlValues: rewriting existing scalars', () => {
  it('changes only the promoted scalars; comments, blank lines, order, anchors and other quoting stay byte for byte', () => {
    const before = [
      '# prod values: promoted from staging',
      '',
      'apps:',
      '  web:',
      '    imageTag: "1.4.0"   # pinned after incident 42',
      '    replicas: 3',
      '',
      '  api:',
      "    imageTag: '1.4.0'",
      '    message: hello   # greeting',
      'defaults: &defaults',
      '  timeout: 30',
      'other: *defaults',
      'flow: {a: 1, b: two}',
      '',
    ].join('\n');
    const after = edit(before, [
      { path: ['apps', 'web', 'imageTag'], value: '1.5.0' },
      { path: ['apps', 'api', 'imageTag'], value: '1.5.0' },
      { path: ['apps', 'api', 'message'], value: 'hello again' },
      { path: ['flow', 'b'], value: 'three' },
    ]);
    expect(after).toBe(
      [
        '# prod values: promoted from staging',
        '',
        'apps:',
        '  web:',
        '    imageTag: "1.5.0"   # pinned after incident 42',
        '    replicas: 3',
        '',
        '  api:',
        "    imageTag: '1.5.0'",
        '    message: hello again   # greeting',
        'defaults: &defaults',
        '  timeout: 30',
        'other: *defaults',
        'flow: {a: 1, b: three}',
        '',
      ].join('\n'),
    );
  });

  it('keeps CRLF line endings, also on inserted lines', () => {
    const before = '# prod\r\napps:\r\n  web:\r\n    imageTag: 1.4.0\r\n\r\nlast: true\r\n';
    const after = edit(before, [
      { path: ['apps', 'web', 'imageTag'], value: '1.5.0' },
      { path: ['apps', 'web', 'message'], value: 'hi' },
    ]);
    expect(after).toBe('# prod\r\napps:\r\n  web:\r\n    imageTag: 1.5.0\r\n    message: hi\r\n\r\nlast: true\r\n');
    expect(after.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('keeps the type: a string that would read as a number gets quotes, numbers and booleans stay plain, 1.0 stays a float', () => {
    const before = 'tag: 1.4.0\nport: 80\nflag: "yes"\nratio: 1.0\n';
    const after = edit(before, [
      { path: ['tag'], value: '1.5' },
      { path: ['port'], value: 8080 },
      { path: ['flag'], value: true },
      { path: ['ratio'], value: new GoFloat(2) },
    ]);
    expect(after).toBe('tag: "1.5"\nport: 8080\nflag: true\nratio: 2.0\n');
    const v = decodeValuesYaml(after, { file: 'x' });
    expect(v.tag).toBe('1.5');
    expect(v.ratio).toEqual(new GoFloat(2));
  });

  it('an aliased value gets its own scalar; the anchor and its other users stay', () => {
    expect(edit('a: &t 1.4.0\nb: *t\n', [{ path: ['b'], value: '1.5.0' }])).toBe('a: &t 1.4.0\nb: 1.5.0\n');
  });

  it('refuses to change an anchored scalar that aliases share, naming what else would move', () => {
    const err = (() => {
      try {
        edit('a: &t 1.4.0\nb: *t\n', [{ path: ['a'], value: '1.5.0' }]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/would also change b/);
  });

  it('refuses to write through an alias, with the line', () => {
    expect(() => edit('base: &b\n  tag: 1\nweb: *b\n', [{ path: ['web', 'tag'], value: 2 }])).toThrow(/web is an alias/);
  });

  it('replaces a list of scalars in its own style', () => {
    expect(edit('hosts:\n  - a\n  - b\nports: [1, 2]\n', [{ path: ['hosts'], value: ['c'] }, { path: ['ports'], value: [3, 4, 5] }])).toBe('hosts:\n  - c\nports: [3, 4, 5]\n');
  });
});

describe('editYamlValues: keys the file does not have yet', () => {
  it('inserts after the deepest existing map, indented like its entries', () => {
    const before = '# staging\napps:\n    web:\n        imageTag: x # ci\n    api:\n        imageTag: y\nother: 1\n';
    expect(edit(before, [{ path: ['apps', 'web', 'message'], value: 'hi' }, { path: ['apps', 'new', 'imageTag'], value: 'z' }])).toBe(
      '# staging\napps:\n    web:\n        imageTag: x # ci\n        message: hi\n    api:\n        imageTag: y\n    new:\n        imageTag: z\nother: 1\n',
    );
  });

  it('adds to an empty file, a comments-only file, an empty key and a flow map', () => {
    expect(edit('', [{ path: ['a', 'b'], value: 1 }])).toBe('a:\n  b: 1\n');
    expect(edit('# nothing yet', [{ path: ['a'], value: 'x' }])).toBe('# nothing yet\na: x\n');
    expect(edit('apps:\nz: 1\n', [{ path: ['apps', 'web', 'tag'], value: 'v' }])).toBe('apps:\n  web:\n    tag: v\nz: 1\n');
    expect(edit('tag: # later\n', [{ path: ['tag'], value: 'v' }])).toBe('tag: v # later\n');
    expect(edit('m: {a: 1}\ne: {}\n', [{ path: ['m', 'b'], value: 2 }, { path: ['e', 'k'], value: 'v' }])).toBe('m: {a: 1, b: 2}\ne: {k: v}\n');
  });

  it('adds an explicit key next to a << merge (the explicit key wins), and refuses when that would hide merged keys', () => {
    expect(edit('base: &b\n  tag: 1\n  repo: r\nweb:\n  <<: *b\n', [{ path: ['web', 'tag'], value: 2 }])).toBe('base: &b\n  tag: 1\n  repo: r\nweb:\n  <<: *b\n  tag: 2\n');
    expect(() => edit('base: &b\n  image:\n    tag: 1\n    repo: r\nweb:\n  <<: *b\n', [{ path: ['web', 'image', 'tag'], value: 2 }])).toThrow(/would also change web.image.repo/);
  });

  it('refuses a path through a scalar, with file and line', () => {
    try {
      edit('a: 1\nb:\n  c: x\n', [{ path: ['b', 'c', 'd'], value: 1 }]);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).location).toEqual({ file: 'values.yaml', line: 3 });
    }
  });

  it('leaves a file alone when nothing differs', () => {
    const t = 'a: "x" # same\n';
    expect(edit(t, [{ path: ['a'], value: 'x' }])).toBe('a: "x" # same\n');
  });
});

// ---------- property: generated documents ----------

type Tree = { [k: string]: Tree | Leaf };
type Leaf = string | number | boolean;

const keyArb = fc.stringMatching(/^[a-z][a-zA-Z0-9_-]{0,7}$/);
const stringLeaf = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._:/-]{0,12}$/), fc.constantFrom('1.5', 'yes', 'null', '0x1F', '', ' lead', "it's", 'a: b', '#x', '1.2.3'));
const leafArb: fc.Arbitrary<Leaf> = fc.oneof(stringLeaf, fc.integer({ min: -1000, max: 100000 }), fc.boolean());
const treeArb: fc.Arbitrary<Tree> = fc.letrec((tie) => ({
  tree: fc.dictionary(keyArb, fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, tie('tree') as fc.Arbitrary<Tree | Leaf>), { minKeys: 1, maxKeys: 4 }),
})).tree as fc.Arbitrary<Tree>;

/** Renders a tree as a block YAML document with comments, blank lines and mixed quoting. */
function render(t: Tree, style: { indent: number; comments: boolean[]; quotes: number[]; crlf: boolean }): string {
  const lines: string[] = [];
  let n = 0;
  const q = (s: string, i: number) => (i % 3 === 0 ? JSON.stringify(s) : i % 3 === 1 ? `'${s.replace(/'/g, "''")}'` : /^[A-Za-z][A-Za-z0-9._/-]*$/.test(s) && !/^(yes|no|on|off|true|false|null|y|n)$/i.test(s) ? s : JSON.stringify(s));
  const walk = (node: Tree, depth: number) => {
    for (const [k, v] of Object.entries(node)) {
      const pad = ' '.repeat(depth * style.indent);
      const c = style.comments[n % style.comments.length] ? `  # note ${n}` : '';
      const qi = style.quotes[n % style.quotes.length]!;
      n++;
      if (typeof v === 'object') {
        lines.push(`${pad}${k}:${c}`);
        walk(v, depth + 1);
        if (c) lines.push('');
      } else lines.push(`${pad}${k}: ${typeof v === 'string' ? q(v, qi) : String(v)}${c}`);
    }
  };
  lines.push('# generated');
  walk(t, 0);
  return lines.join(style.crlf ? '\r\n' : '\n') + (style.crlf ? '\r\n' : '\n');
}

function leaves(t: Tree, path: string[] = []): string[][] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'object' ? leaves(v, [...path, k]) : [[...path, k]]));
}

describe('editYamlValues: property over generated documents', () => {
  it('rewriting leaves changes exactly those lines, and the loader reads exactly the new values', () => {
    fc.assert(
      fc.property(
        treeArb,
        fc.record({ indent: fc.integer({ min: 2, max: 4 }), comments: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), quotes: fc.array(fc.nat(5), { minLength: 1, maxLength: 5 }), crlf: fc.boolean() }),
        fc.array(fc.tuple(fc.nat(), leafArb), { minLength: 1, maxLength: 4 }),
        (tree, style, picks) => {
          const text = render(tree, style);
          const all = leaves(tree);
          const edits = new Map<string, { path: string[]; value: Leaf }>();
          for (const [i, value] of picks) {
            const path = all[i % all.length]!;
            edits.set(path.join('\u0000'), { path, value });
          }
          const out = edit(text, [...edits.values()]);
          // Exactly the promoted values changed.
          const want = decodeValuesYaml(text, { file: 'x' });
          for (const e of edits.values()) {
            let cur = want as Record<string, unknown>;
            e.path.slice(0, -1).forEach((k) => (cur = cur[k] as Record<string, unknown>));
            cur[e.path[e.path.length - 1]!] = e.value;
          }
          expect(decodeValuesYaml(out, { file: 'x' })).toEqual(want);
          expect(parseDocument(out).errors).toEqual([]);
          // Line by line: same number of lines, same line endings, only edited keys' lines differ, and on those only the value part.
          const a = text.split('\n');
          const b = out.split('\n');
          expect(b.length).toBe(a.length);
          let changed = 0;
          a.forEach((line, i) => {
            if (line === b[i]) return;
            changed++;
            const key = /^(\s*[^:]+:\s)/.exec(line)![1]!;
            expect(b[i]!.startsWith(key)).toBe(true);
            expect(b[i]!.endsWith('\r')).toBe(line.endsWith('\r'));
            const comment = / {2}# note \d+\r?$/.exec(line)?.[0];
            if (comment) expect(b[i]!.endsWith(comment)).toBe(true);
          });
          expect(changed).toBeLessThanOrEqual(edits.size);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adding keys keeps every original line, in order, and the loader reads the additions', () => {
    fc.assert(
      fc.property(treeArb, fc.record({ indent: fc.integer({ min: 2, max: 4 }), comments: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }), quotes: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }), crlf: fc.boolean() }), fc.nat(), leafArb, (tree, style, pick, value) => {
        const text = render(tree, style);
        // A new key under an existing map (or the root).
        const maps: string[][] = [[]];
        const walk = (t: Tree, p: string[]) => {
          for (const [k, v] of Object.entries(t)) if (typeof v === 'object') {
            maps.push([...p, k]);
            walk(v, [...p, k]);
          }
        };
        walk(tree, []);
        const at = maps[pick % maps.length]!;
        const path = [...at, 'zzNew', 'leaf'];
        const out = edit(text, [{ path, value }]);
        const want = decodeValuesYaml(text, { file: 'x' }) as Record<string, unknown>;
        let cur = want;
        for (const k of at) cur = cur[k] as Record<string, unknown>;
        cur.zzNew = { leaf: value };
        expect(decodeValuesYaml(out, { file: 'x' })).toEqual(want);
        // The original lines are a subsequence of the new ones.
        const orig = text.split('\n');
        const next = out.split('\n');
        let j = 0;
        for (const line of next) if (j < orig.length && line === orig[j]) j++;
        expect(j).toBe(orig.length);
        expect(next.length).toBe(orig.length + 2);
        if (style.crlf) expect(out.replace(/\r\n/g, '')).not.toMatch(/\n/);
      }),
      { numRuns: 200 },
    );
  });
});
