/**
 * The bad-input corpus (issue 14), test/e2e/bad-input-cases.ts, through the
 * BUILT CLI with real helm and kubectl of both majors, against the API
 * emulator, with a real chart repository (`helm repo index`) for the chart
 * source cases. For every case: exit 1, exactly one `error:` line, starting
 * with the file:line the mistake is on where a file is to blame, naming the
 * release and environment where the case has one, a `hint:` with the next
 * step, no stack trace — and not one write request reached the API server
 * (the emulator's request recorder; reads are allowed, e.g. the release
 * records diff reads before rendering).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import { BAD_INPUTS } from './bad-input-cases.js';
import { locationPattern, runCase, startSuite } from './bad-input-support.js';

type Suite = Awaited<ReturnType<typeof startSuite>>;

it('the corpus holds at least 50 distinct malformed inputs', () => {
  expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(50);
  expect(new Set(BAD_INPUTS.map((c) => c.name)).size).toBe(BAD_INPUTS.length);
});

describe.each(HELM_MAJORS)('bad input with helm %i: one clear error, exit 1, nothing written', (major) => {
  let s: Suite;
  const writes: string[] = [];
  let tried = 0;
  beforeAll(async () => {
    s = await startSuite(major);
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
  });

  it.each(BAD_INPUTS.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const o = await runCase(s, c, i);
    tried++;
    writes.push(...o.writes.map((w) => `${c.name}: ${w.method} ${w.path}`));
    const stderr = o.result.stderr;
    expect({ exit: o.result.exitCode, errorLines: o.errorLines.length, stderr }).toEqual({ exit: 1, errorLines: 1, stderr });
    const line = o.errorLines[0]!;
    expect(line).toMatch(c.error);
    if (c.at) expect(line).toMatch(locationPattern(c.at));
    if (c.release) expect(line).toContain(`release ${c.release}`);
    if (c.environment) expect(line).toContain(`environment ${c.environment}`);
    // One hint, which may go on for a few lines (e.g. the offending line quoted first).
    expect(o.hintLines).toHaveLength(1);
    expect(stderr.slice(stderr.indexOf(o.hintLines[0]!))).toMatch(c.hint);
    expect(stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(o.writes.map((w) => `${w.method} ${w.path}`)).toEqual([]);
  }, 90_000);

  it('no case wrote to the cluster', () => {
    expect(tried).toBe(BAD_INPUTS.length);
    expect(writes).toEqual([]);
  });

  it('control: the same harness with the input fixed does write (the recorder sees writes)', async () => {
    const fixed = { name: 'control', files: { 'helmfile.yaml': 'releases:\n  - name: a\n    namespace: apps\n    chart: ./c\n' }, args: ['sync'], error: /^$/, hint: /^$/ };
    const o = await runCase(s, fixed, BAD_INPUTS.length);
    expect({ exit: o.result.exitCode, stderr: o.result.exitCode ? o.result.stderr : '' }).toEqual({ exit: 0, stderr: '' });
    expect(o.writes.length).toBeGreaterThan(0);
    expect(s.cluster.releases('apps').map((r) => [r.name, r.info.status])).toEqual([['a', 'deployed']]);
  }, 90_000);
});
