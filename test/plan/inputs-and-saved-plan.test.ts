/**
 * Unit tests of the pieces behind the fast path and saved plans: the inputs
 * digest (what changes it and what does not), the scan for templates that
 * cannot render the same twice (directories and archives), the label value,
 * the remembered helm version, plan durations, tamper detection and the
 * restriction of a plan to the releases a saved plan names.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { cachedHelmVersion } from '../../src/app/helm-client.js';
import { restrictPlan } from '../../src/app/saved-plan.js';
import { nodeFileSystem } from '../../src/cli/node-fs.js';
import { ContentHasher, inputsDigest, inputsLabelValue, labelMatches, scanArchive, scanText } from '../../src/plan/inputs-digest.js';
import { assemblePlan } from '../../src/plan/assemble.js';
import { canonicalJson, parseDuration, parseSavedPlan, SavedPlanError, withPlanDigest } from '../../src/plan/saved-plan.js';
import type { Deps } from '../../src/ports/index.js';
import type { Runner } from '../../src/process/runner.js';

const fs = nodeFileSystem();

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'helmsync-digest-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

describe('inputs digest', () => {
  const chart = { 'Chart.yaml': 'name: c\nversion: 1.0.0\n', 'templates/cm.yaml': 'kind: ConfigMap\n' };
  const digestOf = (dir: string, argv: string[]) => inputsDigest({ argv: ['template', 'r', join(dir, 'chart'), ...argv], helmVersion: 'v4.1.4', cwd: dir }, new ContentHasher(fs));

  it('follows file contents, not file names, and ignores --is-upgrade', () => {
    const dir = tree({ ...Object.fromEntries(Object.entries(chart).map(([k, v]) => [`chart/${k}`, v])), 'a/values.yaml': 'x: 1\n', 'b/values.yaml': 'x: 1\n', 'c/values.yaml': 'x: 2\n' });
    try {
      const base = digestOf(dir, ['--values', join(dir, 'a/values.yaml')]);
      expect(base).toMatch(/^[0-9a-f]{40}$/);
      // A temp copy with the same content (helmsync writes values to fresh temp files each run).
      expect(digestOf(dir, ['--values', join(dir, 'b/values.yaml')])).toBe(base);
      expect(digestOf(dir, ['--values', join(dir, 'a/values.yaml'), '--is-upgrade'])).toBe(base);
      expect(digestOf(dir, ['--values', join(dir, 'c/values.yaml')])).not.toBe(base);
      expect(digestOf(dir, ['--values', join(dir, 'a/values.yaml'), '--set', 'x=3'])).not.toBe(base);
      expect(digestOf(dir, ['--values', join(dir, 'a/values.yaml'), '--kube-version', '1.30'])).not.toBe(base);
      // --set-file key=path: the file's content counts.
      const withFile = digestOf(dir, ['--set-file', `k=${join(dir, 'a/values.yaml')}`]);
      expect(digestOf(dir, ['--set-file', `k=${join(dir, 'b/values.yaml')}`])).toBe(withFile);
      expect(digestOf(dir, ['--set-file', `k=${join(dir, 'c/values.yaml')}`])).not.toBe(withFile);
      // A chart file.
      writeFileSync(join(dir, 'chart/templates/cm.yaml'), 'kind: ConfigMap\n# changed\n');
      expect(digestOf(dir, ['--values', join(dir, 'a/values.yaml')])).not.toBe(base);
      // Another helm.
      expect(inputsDigest({ argv: ['template', 'r', join(dir, 'chart')], helmVersion: 'v3.17.3', cwd: dir }, new ContentHasher(fs))).not.toBe(
        inputsDigest({ argv: ['template', 'r', join(dir, 'chart')], helmVersion: 'v4.1.4', cwd: dir }, new ContentHasher(fs)),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves locked dependency archives out, so a checkout before helm dependency build hashes the same', () => {
    const dir = tree({ 'Chart.yaml': 'name: c\n', 'Chart.lock': 'dependencies: []\n', 'templates/a.yaml': 'a: 1\n' });
    try {
      const before = new ContentHasher(fs).tree(dir);
      writeFileSync(join(dir, 'charts-not.txt'), 'x');
      expect(new ContentHasher(fs).tree(dir)).not.toBe(before);
      rmSync(join(dir, 'charts-not.txt'));
      mkdirSync(join(dir, 'charts'));
      writeFileSync(join(dir, 'charts', 'dep-1.0.0.tgz'), 'archive');
      expect(new ContentHasher(fs).tree(dir)).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('label values are label-valid, at most 63 characters, and tied to the revision', () => {
    const v = inputsLabelValue('a'.repeat(40), 123456);
    expect(v.length).toBeLessThanOrEqual(63);
    expect(v).toMatch(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/);
    expect(labelMatches(v, 'a'.repeat(40), 123456)).toBe(true);
    expect(labelMatches(v, 'a'.repeat(40), 123457)).toBe(false);
    expect(labelMatches(undefined, 'a'.repeat(40), 1)).toBe(false);
  });
});

describe('templates that cannot render the same twice', () => {
  it('finds lookup, random, time and certificate functions inside actions only', () => {
    expect(scanText('a: {{ lookup "v1" "Secret" "ns" "x" }}')).toBe('lookup');
    expect(scanText('a: {{ randAlphaNum 8 | b64enc }}')).toBe('randAlphaNum');
    expect(scanText('a: {{ now | date "2006" }}')).toBe('now');
    expect(scanText('{{- $ca := genCA "x" 365 }}')).toBe('genCA');
    expect(scanText('name: {{ .Release.Name }}-{{ .Release.Revision }}')).toBe('.Release.Revision');
    expect(scanText('{{ if .Release.IsInstall }}x{{ end }}')).toBe('.Release.IsInstall');
    // Outside actions, in comments, or as part of another name: nothing.
    expect(scanText('# we never lookup anything\nnow: {{ .Values.now }}')).toBeUndefined();
    expect(scanText('{{/* lookup is not used */}}{{ .Values.x }}')).toBeUndefined();
    expect(scanText('{{ include "mychart.lookupName" . }} {{ .Values.nowhere }}')).toBeUndefined();
  });

  it('scans chart archives and the archives of their subcharts', async () => {
    const dir = tree({ 'sub/Chart.yaml': 'name: sub\n', 'sub/templates/s.yaml': 'x: {{ uuidv4 }}\n', 'top/Chart.yaml': 'name: top\n', 'top/templates/t.yaml': 'x: {{ .Values.x }}\n' });
    try {
      await tar.c({ gzip: true, file: join(dir, 'top/charts/sub-0.1.0.tgz'), cwd: dir }, ['sub']).catch(async () => {
        mkdirSync(join(dir, 'top/charts'), { recursive: true });
        await tar.c({ gzip: true, file: join(dir, 'top/charts/sub-0.1.0.tgz'), cwd: dir }, ['sub']);
      });
      await tar.c({ gzip: true, file: join(dir, 'top.tgz'), cwd: dir }, ['top']);
      await tar.c({ gzip: true, file: join(dir, 'clean.tgz'), cwd: dir }, ['top/Chart.yaml', 'top/templates']);
      expect(scanArchive(fs.readBytes(join(dir, 'top.tgz')))).toBe('uuidv4');
      expect(scanArchive(fs.readBytes(join(dir, 'clean.tgz')))).toBeUndefined();
      const h = new ContentHasher(fs);
      expect(h.unstableFunction(join(dir, 'top'))).toBe('uuidv4');
      expect(h.unstableFunction(join(dir, 'top.tgz'))).toBe('uuidv4');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('remembered helm version', () => {
  it('asks helm once, and again only when the binary changes', async () => {
    const dir = tree({ 'bin/helm': '#!/bin/false\n' });
    try {
      let calls = 0;
      const runner: Runner = {
        async run() {
          calls++;
          return { exitCode: 0, stdout: 'v4.1.4+gabc\n', stderr: '', killed: false };
        },
      };
      const deps = { fs, runner, env: { HELMSYNC_CACHE_HOME: join(dir, 'cache'), PATH: join(dir, 'bin') } } as unknown as Deps;
      expect((await cachedHelmVersion('helm', deps)).raw).toBe('v4.1.4+gabc');
      expect((await cachedHelmVersion('helm', deps)).major).toBe(4);
      expect((await cachedHelmVersion(join(dir, 'bin', 'helm'), deps)).raw).toBe('v4.1.4+gabc');
      expect(calls).toBe(1);
      writeFileSync(join(dir, 'bin/helm'), '#!/bin/false\n# replaced\n');
      utimesSync(join(dir, 'bin/helm'), new Date(), new Date(Date.now() + 5000));
      await cachedHelmVersion('helm', deps);
      expect(calls).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('saved plans', () => {
  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('2 hours')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });

  it('refuses an edited plan file, a foreign file and another version', () => {
    const plan = assemblePlan([{ id: 'a/x', name: 'x', namespace: 'a', installed: true, needs: [] }], new Map([['a/x', {}]]), { mode: 'apply' });
    const doc = withPlanDigest({ savedPlanVersion: 1, helmsyncVersion: '0.1.0', createdAt: '2026-01-01T00:00:00.000Z', environment: 'prod', files: [], releases: [], plan });
    const text = JSON.stringify(doc, null, 2);
    expect(parseSavedPlan(text)).toEqual(doc);
    expect(() => parseSavedPlan(text.replace('"prod"', '"dev"'))).toThrow(/changed after it was written/);
    expect(() => parseSavedPlan('{"a":1}')).toThrow(SavedPlanError);
    expect(() => parseSavedPlan('not json')).toThrow(/not JSON/);
    expect(() => parseSavedPlan(JSON.stringify({ ...doc, savedPlanVersion: 2 }))).toThrow(/version 2 is not supported/);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });

  it('restricting a plan makes every other release a noop and drops it from the waves', () => {
    const rel = (n: string, needs: string[] = []) => ({ id: `ns/${n}`, name: n, namespace: 'ns', installed: true, needs });
    const plan = assemblePlan([rel('a'), rel('b', ['ns/a']), rel('c', ['ns/b'])], new Map(['a', 'b', 'c'].map((n) => [`ns/${n}`, {}])), { mode: 'apply' });
    expect(plan.actions.map((a) => a.action)).toEqual(['install', 'install', 'install']);
    const only = restrictPlan(plan, new Set(['ns/c']));
    expect(only.actions.map((a) => [a.id, a.action, a.wave])).toEqual([
      ['ns/a', 'noop', -1],
      ['ns/b', 'noop', -1],
      ['ns/c', 'install', 0],
    ]);
    expect(only.waves).toEqual([{ index: 0, kind: 'apply', ids: ['ns/c'] }]);
    expect(only.summary).toEqual({ install: 1, upgrade: 0, uninstall: 0, noop: 2 });
    expect(only.actions[2]!.waitsFor).toEqual([]);
    expect(restrictPlan(plan, new Set()).hasChanges).toBe(false);
  });
});
