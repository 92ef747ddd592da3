/**
 * The fast index scanner must agree with full YAML parsing on every index it
 * accepts, and give up (undefined) on shapes it does not know. Real indexes come
 * from `helm repo index` of both helm majors over charts with the fields that
 * make indexes large (dependencies, maintainers, annotations, multi-line text).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import { scanIndex } from '../../src/charts/index-scan.js';
import { parseIndex, parseIndexYaml } from '../../src/charts/repo-index.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { CHARTS_SRC, DEMO_VERSIONS, helmSync, isolatedHelmEnv, packageChart, removeTree } from '../support/chart-repo.js';

const repo = { name: 'r', url: 'https://charts.example.com/stable' };

function agree(text: string): void {
  const fast = parseIndex(text, repo);
  const full = parseIndexYaml(text, repo);
  expect(scanIndex(text)).toBeDefined();
  expect([...fast.entries.entries()]).toEqual([...full.entries.entries()]);
}

const RICH_CHART = `apiVersion: v2
name: rich
description: |
  A chart whose metadata
  spans lines: and has colons
version: 0.1.0
appVersion: "2.0"
keywords: [db, "sql"]
annotations:
  category: Database
  artifacthub.io/changes: |
    - kind: added
      description: "thing: with colon"
maintainers:
- name: Someone
  email: a@b.c
sources:
- https://example.com/src
dependencies:
- name: demo
  version: ">= 1.0, < 2"
  repository: https://charts.example.com/demo
  condition: demo.enabled
  tags: [x]
`;

describe.each(HELM_MAJORS)('index scanner on `helm repo index` output (helm %i)', (major) => {
  it('agrees with full YAML parsing', () => {
    const { helm } = toolset(major);
    const home = isolatedHelmEnv();
    try {
      const out = join(home.dir, 'repo');
      packageChart(helm, home.env, join(CHARTS_SRC, 'demo'), DEMO_VERSIONS, out);
      const rich = join(home.dir, 'rich');
      mkdirSync(join(rich, 'templates'), { recursive: true });
      writeFileSync(join(rich, 'Chart.yaml'), RICH_CHART);
      // helm package wants declared dependencies present in charts/.
      packageChart(helm, home.env, join(CHARTS_SRC, 'demo'), ['1.2.0'], join(rich, 'charts'));
      for (const v of ['0.1.0', '0.2.0+build.7', '1.0.0-rc.1']) helmSync(helm, ['package', rich, '--version', v, '--destination', out], home.env);
      helmSync(helm, ['repo', 'index', out], home.env);
      const text = readFileSync(join(out, 'index.yaml'), 'utf8');
      agree(text);
      const idx = parseIndex(text, repo);
      expect(idx.entries.get('rich')!.map((e) => e.version).sort()).toEqual(['0.1.0', '0.2.0+build.7', '1.0.0-rc.1']);
      expect(idx.entries.get('demo')!.length).toBe(DEMO_VERSIONS.length);
      expect(idx.entries.get('demo')![0]!.urls[0]).toMatch(/^https:\/\/charts\.example\.com\/stable\/demo-.*\.tgz$/);
      expect(idx.entries.get('demo')![0]!.digest).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      removeTree(home.dir);
    }
  });
});

describe('index scanner on other writers\' shapes', () => {
  it('reads indented sequences, quotes, comments and CRLF', () => {
    agree(
      [
        'apiVersion: v1',
        'entries:',
        '  "my-chart":',
        '    - name: my-chart',
        '      # a comment',
        "      version: '1.0.0'",
        '      digest: "abc"',
        '      urls:',
        '        - charts/my-chart-1.0.0.tgz',
        '        - https://mirror.example.com/my-chart-1.0.0.tgz',
        '      description: >-',
        '        folded: text',
        '    - version: 0.9.0 # trailing comment',
        '      urls:',
        '        - charts/my-chart-0.9.0.tgz',
        '  empty: []',
        'generated: "2024-01-01T00:00:00Z"',
        '',
      ].join('\r\n'),
    );
  });

  it.each([
    ['JSON', '{"apiVersion":"v1","entries":{"a":[{"version":"1.0.0","urls":["a-1.0.0.tgz"]}]}}'],
    ['flow-style urls', 'entries:\n  a:\n  - version: 1.0.0\n    urls: [a-1.0.0.tgz]\n'],
    ['anchors', 'entries:\n  a:\n  - &x\n    version: 1.0.0\n    urls:\n    - a.tgz\n  b:\n  - *x\n'],
  ])('gives up on %s (full parsing takes over)', (_what, text) => {
    expect(scanIndex(text)).toBeUndefined();
    expect(parseIndex(text, repo).entries.get('a')![0]!.version).toBe('1.0.0');
  });

  it('leaves malformed indexes to the YAML parser, which names the repository', () => {
    const text = 'entries:\n\ta:\n\t- version: 1.0.0\n';
    expect(scanIndex(text)).toBeUndefined();
    expect(() => parseIndex(text, repo)).toThrow(/repository "r" at https:\/\/charts\.example\.com\/stable served an index\.yaml that is not YAML/);
  });

  it('reads a multi-megabyte index in a fraction of a second, agreeing with full parsing', () => {
    const gen = (charts: number) => {
      let s = 'apiVersion: v1\nentries:\n';
      for (let c = 0; c < charts; c++) {
        s += `  chart${c}:\n`;
        for (let v = 0; v < 50; v++) {
          s += `  - annotations:\n      category: Database\n    apiVersion: v2\n    appVersion: 1.${v}.0\n    created: "2024-01-01T00:00:00Z"\n    dependencies:\n    - name: common\n      repository: oci://r.io/c\n      tags:\n      - c\n      version: 2.x.x\n    description: Chart ${c} version ${v}, a long description that goes on.\n    digest: ${'a'.repeat(64)}\n    keywords:\n    - a\n    maintainers:\n    - name: M\n      url: https://x\n    name: chart${c}\n    urls:\n    - https://charts.example.com/chart${c}-${v}.0.0.tgz\n    version: ${v}.0.0\n`;
        }
      }
      return s;
    };
    agree(gen(5));
    const s = gen(200);
    const t0 = performance.now();
    const scanned = scanIndex(s);
    const fastMs = performance.now() - t0;
    expect(scanned!.size).toBe(200);
    expect(scanned!.get('chart7')!.length).toBe(50);
    expect(scanned!.get('chart7')![3]).toEqual({ version: '3.0.0', urls: ['https://charts.example.com/chart7-3.0.0.tgz'], digest: 'a'.repeat(64) });
    // Reported, not asserted: timings on a shared machine are noise.
    console.log(`index scan of ${(s.length / 1e6).toFixed(1)} MB: ${fastMs.toFixed(0)} ms`);
  });
});




describe('version strings', () => {
  it('stay as written when unquoted and numeric-looking (1.10 is not 1.1), in both index readers', () => {
    const text = 'entries:\n  a:\n  - version: 1.10\n    urls:\n    - a-1.10.tgz\n';
    expect(parseIndex(text, repo).entries.get('a')![0]!.version).toBe('1.10');
    expect(parseIndexYaml(text, repo).entries.get('a')![0]!.version).toBe('1.10');
  });
});
