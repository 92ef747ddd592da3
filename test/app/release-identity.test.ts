/**
 * Release names and namespaces (src/app/release-identity.ts) against their
 * oracles: every name's verdict is the real helm's (`helm template NAME chart`
 * of both majors refuses exactly the names helmsync refuses), and namespaces
 * follow Kubernetes' DNS-1123 label rule as the API server states it.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { namespaceProblem, releaseNameProblem } from '../../src/app/release-identity.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { runBin, sandbox } from '../support/cli.js';

const NAMES: [string, boolean][] = [
  ['web', true],
  ['a', true],
  ['1', true],
  ['web-1', true],
  ['web.v2', true],
  ['a.b-c.d', true],
  ['x'.repeat(53), true],
  ['x'.repeat(54), false],
  ['Web', false],
  ['my_app', false],
  ['-web', false],
  ['web-', false],
  ['web.', false],
  ['.web', false],
  ['a..b', false],
  ['a.-b', false],
  ['web app', false],
];

const NAMESPACES: [string, boolean][] = [
  ['apps', true],
  ['a', true],
  ['team-a', true],
  ['0', true],
  ['n'.repeat(63), true],
  ['n'.repeat(64), false],
  ['Apps', false],
  ['team.apps', false],
  ['team_a', false],
  ['-apps', false],
  ['apps-', false],
];

describe('release names and namespaces', () => {
  it.each(NAMES)('release name %s: valid %s', (name, ok) => {
    expect(releaseNameProblem(name) === undefined).toBe(ok);
  });
  it.each(NAMESPACES)('namespace %s: valid %s', (ns, ok) => {
    expect(namespaceProblem(ns) === undefined).toBe(ok);
  });
  it('says why: the length, or the characters', () => {
    expect(releaseNameProblem('x'.repeat(54))).toBe('is 54 characters; helm allows at most 53');
    expect(namespaceProblem('n'.repeat(64))).toBe('is 64 characters; a Kubernetes namespace has at most 63');
    expect(releaseNameProblem('Web')).toMatch(/only lower case letters, digits, "-" and "."/);
  });

  it.each(HELM_MAJORS)('helm %i refuses exactly the names helmsync refuses', async (major) => {
    const { helm } = toolset(major);
    const sb = sandbox('helmsync-names-');
    try {
      const chart = join(sb.dir, 'c');
      mkdirSync(join(chart, 'templates'), { recursive: true });
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
      writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
      const verdicts: [string, boolean][] = [];
      for (const [name] of NAMES) {
        const r = await runBin(helm, ['template', name, chart], { env: sb.env });
        verdicts.push([name, r.exitCode === 0]);
      }
      expect(verdicts).toEqual(NAMES.map(([n]) => [n, releaseNameProblem(n) === undefined]));
      expect(verdicts).toEqual(NAMES);
    } finally {
      sb.cleanup();
    }
  }, 60_000);
});
