/**
 * Helmfile's offline corpus (shared/corpus/helmfile/local) through the built CLI,
 * under both helm majors. A case that cannot run here (kustomize, HCL, git,
 * plugins, cluster) is listed as skipped with the reason; every case that runs
 * must pass.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { repoRoot } from '../support/cli.js';
import { caseSkipReason, CORPUS_DIR, loadCases, runCase } from './harness.js';
import { isPostRendererCase, POST_RENDER_NOT_YET } from './post-renderers.js';

// The corpus lives outside the repository (HELMSYNC_CORPUS_DIR, default /work/shared/…);
// on a machine without it the suite is skipped rather than failed.
const present = existsSync(join(CORPUS_DIR, 'cases.yaml'));
const cases = present ? loadCases() : [];

(present ? describe : describe.skip)('Helmfile corpus (HELMSYNC_CORPUS_DIR)', () => {
  it('is present', () => expect(cases.length).toBeGreaterThan(0));
});

(present ? describe.each(HELM_MAJORS) : describe.skip.each(HELM_MAJORS))('Helmfile corpus with helm %d', (major) => {
  const opts = { bin: join(repoRoot, 'bin', 'run.js'), helm: toolset(major).helm, helmMajor: major, maxRepeat: 1 };
  // Cases that need tools this machine does not run are listed as skipped, with the reason in the name.
  for (const c of cases) {
    const reason = caseSkipReason(c);
    if (reason) it.skip(`${c.id} (${reason})`, () => undefined);
  }
  const notYet = (c: { id: string }): string | undefined => POST_RENDER_NOT_YET[c.id]?.[major];
  for (const c of cases.filter((x) => !caseSkipReason(x) && notYet(x))) {
    it.failing(`${c.id} — not yet: ${notYet(c)}`, async () => {
      expect((await runCase(c, opts)).outcome).toBe('pass');
    });
  }
  it.each(cases.filter((c) => !caseSkipReason(c) && !notYet(c)).map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const r = await runCase(c, opts);
    // Our post-renderers are in place for these: a skipped step would hide a regression.
    if (isPostRendererCase(c.id)) expect(r.steps.filter((s) => s.outcome === 'pass').length).toBeGreaterThan(0);
    if (r.outcome === 'skip') {
      // Visible in verbose output; not a failure.
      console.info(`skipped ${c.id}: ${r.reason}`);
      return;
    }
    expect(r.reason ?? '').toBe('');
    expect(r.outcome).toBe('pass');
  });
});
