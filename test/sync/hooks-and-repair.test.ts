import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalCommandError } from '../../src/errors/index.js';
import type { ReleaseDiff } from '../../src/diff/types.js';
import { ExecaRunner } from '../../src/process/runner.js';
import { driftRepairPatches, kubectlPatchArgv } from '../../src/sync/drift-repair.js';
import { runHooks, type HookContext } from '../../src/sync/hooks.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('runHooks (real processes, no shell)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helmsync-hooks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = (extra: Partial<HookContext> = {}): HookContext => ({
    runner: new ExecaRunner(),
    logger: silent,
    cwd: dir,
    command: 'sync',
    release: 'apps/web',
    data: { Release: { Name: 'web' } },
    // A stand-in for the Go template engine: enough to see the data reach the args.
    render: (text, data) => text.replace('{{ .Event.Name }}', String((data.Event as { Name: string }).Name)).replace('{{ .Release.Name }}', 'web'),
    ...extra,
  });
  const script = "require('fs').appendFileSync('log', process.argv.slice(1).join(' ') + String.fromCharCode(10))";

  it('runs only the hooks of the event, in order, with templated args and no shell', async () => {
    const hooks = [
      { name: 'a', events: ['presync'], command: process.execPath, args: ['-e', script, '{{ .Event.Name }}', '$HOME;', '{{ .Release.Name }}'] },
      { name: 'b', events: ['postsync'], command: process.execPath, args: ['-e', script, 'post'] },
    ];
    expect(await runHooks(hooks, 'presync', ctx())).toBe(1);
    // `$HOME;` reached the process verbatim: no shell expanded it.
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe('presync $HOME; web\n');
  });

  it('a failing hook throws naming the hook and the release, with its output masked', async () => {
    const hooks = [{ name: 'boom', events: ['presync'], command: process.execPath, args: ['-e', "console.error('pw=hunter22-secret'); process.exit(3)"] }];
    const err = await runHooks(hooks, 'presync', ctx({ mask: (s) => s.replace('hunter22-secret', '<secret>') })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalCommandError);
    expect((err as ExternalCommandError).exitCode).toBe(3);
    expect((err as ExternalCommandError).release).toBe('apps/web');
    expect((err as Error).message).toMatch(/^hook\[boom\] /);
    expect((err as Error).message).toContain('pw=<secret>');
    expect((err as Error).message).not.toContain('hunter22');
  });
});

describe('driftRepairPatches', () => {
  const diff = (resources: ReleaseDiff['resources']): ReleaseDiff =>
    ({ release: { name: 'w', namespace: 'ns' }, desired: true, resources, summary: {} as never, hasChanges: true }) as ReleaseDiff;
  const key = { apiVersion: 'example.com/v1', group: 'example.com', kind: 'Widget', namespace: 'ns', name: 'w' };

  it('sets drifted fields back to their desired values, skipping masked ones and in-sync objects', () => {
    const d = diff([
      {
        id: 'x',
        key,
        change: 'unchanged',
        fields: [],
        beforeText: '',
        afterText: '',
        suppressed: false,
        ignored: [],
        containsSecrets: false,
        drift: {
          state: 'changed',
          fields: [
            { path: '/spec/color', op: 'replace', before: 'red', after: 'blue' },
            { path: '/spec/size', op: 'add', after: 2 },
            { path: '/spec/token', op: 'replace', before: '<secret: 3 bytes>', after: '<secret: 4 bytes, changed>', masked: true },
          ],
          liveText: '',
          desiredText: '',
        },
      },
      { id: 'y', key: { ...key, name: 'other' }, change: 'unchanged', fields: [], beforeText: '', afterText: '', suppressed: false, ignored: [], containsSecrets: false, drift: { state: 'in-sync', fields: [], liveText: '', desiredText: '' } },
    ]);
    const patches = driftRepairPatches(d);
    expect(patches).toEqual([
      {
        key,
        ops: [
          { op: 'replace', path: '/spec/color', value: 'blue' },
          { op: 'add', path: '/spec/size', value: 2 },
        ],
      },
    ]);
    expect(kubectlPatchArgv({ context: 'c' }, patches[0]!)).toEqual([
      '--context',
      'c',
      'patch',
      'widget.v1.example.com',
      'w',
      '--namespace',
      'ns',
      '--type',
      'json',
      '--patch',
      '[{"op":"replace","path":"/spec/color","value":"blue"},{"op":"add","path":"/spec/size","value":2}]',
    ]);
  });
});
