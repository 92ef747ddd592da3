/**
 * HCL environment values (Helmfile pkg/hcllang), on the corpus inputs hcl_mix and
 * hcl_override and on small cases.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadState } from '../../src/state/index.js';
import { evaluateHclValues } from '../../src/state/hcl/evaluate.js';
import { UserError } from '../../src/errors/index.js';
import { CORPUS_DIR, testDeps } from './support.js';

const corpusValues = async (name: string) => {
  const state = await loadState({ file: `testdata/snapshot/${name}/input.yaml.gotmpl` }, testDeps(join(CORPUS_DIR, `snapshot__${name}`)));
  return { values: state.files[0]?.environment.values as Record<string, unknown>, state };
};

describe('HCL values', () => {
  it('evaluates locals, cross-file hv references, merge(), templates and directives; HCL beats YAML (snapshot hcl_mix)', async () => {
    const { values, state } = await corpusValues('hcl_mix');
    expect(values).toMatchObject({
      a: 'a',
      b: 'b',
      c: 'ab',
      crossfile: 'values2.hcl',
      expressionInText: 'yes',
      fromMap: 'ab',
      insideFor: 'b',
      list: ['b'],
      locals: { filename: 'values1.hcl' },
      multiBlock: 'block',
      simpleCompute: 4,
      yamlOverride: 'yaml_overrode',
    });
    const cm = (state.releases[0]?.spec.values?.[0] as { templates: string[] }).templates[0];
    expect(cm).toContain('list: "[b]"');
    expect(cm).toContain('simpleCompute: "4"');
    expect(cm).toContain('  filename: values1.hcl\n');
  });

  it('lets a later file replace attributes, evaluated with the final namespace (snapshot hcl_override)', async () => {
    const { values } = await corpusValues('hcl_override');
    expect(values).toEqual({
      a: 'values2.hcl',
      b: 'b2',
      c: 'VALUES2.HCLB2',
      d: false,
      e: 2,
      list: ['values2.hcl', 'b2'],
      nestedmap: { submap: { subsubmap: { hello: 'hello', world: 'world' } } },
    });
  });

  it('supports for expressions, conditionals, heredocs and functions', () => {
    const v = evaluateHclValues([
      {
        path: 'a.hcl',
        text: [
          'values {',
          '  names = [for n in ["x", "y"] : upper(n)]',
          '  byName = {for n in ["x", "y"] : n => length(n) if n != "y"}',
          '  big = 3 > 2 && !false',
          '  doc = <<-EOT',
          '    hello ${hv.names[0]}',
          '    EOT',
          '  joined = join(",", concat(hv.names, ["z"]))',
          '  # a comment',
          '  n = -(1 + 2) * 3 % 4',
          '}',
        ].join('\n'),
      },
    ]);
    expect(v).toEqual({ names: ['X', 'Y'], byName: { x: 1 }, big: true, doc: 'hello X\n', joined: 'X,Y,z', n: -1 });
  });

  it('reports cycles and unknown references with file:line', () => {
    const run = (text: string): UserError => {
      try {
        evaluateHclValues([{ path: 'v.hcl', text }]);
      } catch (e) {
        return e as UserError;
      }
      throw new Error('expected an error');
    };
    const cyc = run('values {\n  a = hv.b\n  b = hv.a\n}\n');
    expect(cyc.message).toMatch(/circular reference/);
    expect(cyc.location?.file).toBe('v.hcl');
    const unk = run('values {\n  a = hv.nope\n}\n');
    expect(unk.message).toMatch(/hv.a: unsupported attribute "nope"/);
    expect(unk.location?.line).toBe(2);
    const syn = run('values {\n  a = [1,\n}\n');
    expect(syn.message).toMatch(/HCL syntax error/);
  });
});
