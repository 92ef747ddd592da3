/**
 * CI-native output (src/cli/ci-output.ts): GitHub workflow-command lines are
 * byte-for-byte what GitHub's own toolkit (@actions/core, the library actions
 * use) prints for the same annotation, file paths are relative to the
 * workspace, and report files are replaced by a run's first write and appended
 * to after it.
 */
import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorAnnotations, errorMarkdown, reportSink, reportTargets } from '../../src/cli/ci-output.js';
import { MultiError } from '../../src/cli/exit.js';
import { ExternalCommandError, UserError } from '../../src/errors/index.js';

const core = createRequire(import.meta.url)('@actions/core') as {
  error(message: string, props?: { title?: string; file?: string; startLine?: number; startColumn?: number }): void;
};

/** What @actions/core writes to stdout for core.error(message, props). */
function toolkit(message: string, props: { title?: string; file?: string; startLine?: number; startColumn?: number }): string {
  const chunks: string[] = [];
  const orig = process.stdout.write.bind(process.stdout);
  (process.stdout as { write: unknown }).write = (c: string) => {
    chunks.push(String(c));
    return true;
  };
  try {
    core.error(message, props);
  } finally {
    (process.stdout as { write: unknown }).write = orig;
  }
  return chunks.join('').replace(/\r?\n$/, '');
}

describe('GitHub annotations', () => {
  const opts = { command: 'diff', cwd: '/repo/deploy', workspace: '/repo' };

  it('a UserError with file:line:column becomes an annotation on that line of the repository file', () => {
    const err = new UserError('unknown key "vaules" in release "web"', { location: { file: 'helmfile.yaml', line: 7, column: 5 }, hint: 'did you mean "values"?', environment: 'prod' });
    expect(errorAnnotations(err, opts)).toEqual([
      toolkit('unknown key "vaules" in release "web" (environment prod)\nhint: did you mean "values"?', { title: 'helmsync diff', file: 'deploy/helmfile.yaml', startLine: 7, startColumn: 5 }),
    ]);
    expect(errorAnnotations(err, opts)[0]).toBe('::error title=helmsync diff,file=deploy/helmfile.yaml,line=7,col=5::unknown key "vaules" in release "web" (environment prod)%0Ahint: did you mean "values"?');
  });

  it('escapes %, CR, LF in the message and also : and , in properties, as the toolkit does', () => {
    const err = new UserError('100% bad: a,b\r\nnext', { location: { file: 'dir,with:odd/helm%file.yaml', line: 1 }, release: 'apps/web' });
    expect(errorAnnotations(err, { ...opts, command: 'apply' })).toEqual([
      toolkit('100% bad: a,b\r\nnext (release apps/web)', { title: 'helmsync apply', file: 'deploy/dir,with:odd/helm%file.yaml', startLine: 1 }),
    ]);
  });

  it('a file outside the workspace keeps its absolute path; no file, no position', () => {
    expect(errorAnnotations(new UserError('x', { location: { file: '/etc/helmfile.yaml', line: 2 } }), opts)).toEqual([toolkit('x', { title: 'helmsync diff', file: '/etc/helmfile.yaml', startLine: 2 })]);
    expect(errorAnnotations(new UserError('no releases'), opts)).toEqual([toolkit('no releases', { title: 'helmsync diff' })]);
  });

  it('one annotation per error of a MultiError; helm failures name the release', () => {
    const multi = new MultiError([new UserError('a', { location: { file: 'a.yaml', line: 3 } }), new ExternalCommandError('helm', ['upgrade', 'web'], 1, 'Error: boom', { release: 'apps/web' }), new Error('plain')]);
    expect(errorAnnotations(multi, opts)).toEqual([
      toolkit('a', { title: 'helmsync diff', file: 'deploy/a.yaml', startLine: 3 }),
      toolkit('release apps/web: helm upgrade web failed (exit 1):\nError: boom', { title: 'helmsync diff' }),
      toolkit('plain', { title: 'helmsync diff' }),
    ]);
  });
});

describe('report targets and files', () => {
  it('GitHub Actions only when GITHUB_ACTIONS=true; --report-file anywhere', () => {
    expect(reportTargets({ GITHUB_STEP_SUMMARY: '/s' }, '/w')).toEqual({ annotations: false, workspace: '/w' });
    expect(reportTargets({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/s', GITHUB_WORKSPACE: '/ws' }, '/w', 'r.md')).toEqual({ stepSummary: '/s', reportFile: '/w/r.md', annotations: true, workspace: '/ws' });
    expect(reportTargets({ GITLAB_CI: 'true' }, '/w', 'note.md')).toEqual({ reportFile: '/w/note.md', annotations: false, workspace: '/w' });
    expect(reportSink({ annotations: true, workspace: '/w' })).toBeUndefined();
  });

  it('the step summary is appended to; a report file is replaced by the first write of a run, then appended to', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmsync-ci-'));
    try {
      const summary = join(dir, 'summary.md');
      const file = join(dir, 'report.md');
      writeFileSync(summary, 'earlier step\n');
      writeFileSync(file, 'stale report of an earlier run\n');
      const sink = reportSink({ stepSummary: summary, reportFile: file, annotations: true, workspace: dir })!;
      sink('### helmsync apply\n\nPlan: …');
      sink(errorMarkdown('apply', 'release apps/web failed: ```x```'));
      expect(readFileSync(summary, 'utf8')).toBe('earlier step\n### helmsync apply\n\nPlan: …\n\n### helmsync apply failed\n\n````\nrelease apps/web failed: ```x```\n````\n\n');
      expect(readFileSync(file, 'utf8')).toBe('### helmsync apply\n\nPlan: …\n\n### helmsync apply failed\n\n````\nrelease apps/web failed: ```x```\n````\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
