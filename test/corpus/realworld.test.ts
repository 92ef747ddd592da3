/**
 * The real-world corpus (shared/corpus/realworld) through the built CLI: every
 * case not listed in NOT_YET must list exactly its expected releases (or fail
 * only on a file its source repository lacks); the listed ones are expected to
 * fail still, with the reason, so a fix shows up as a failing `it.failing`.
 */
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { repoRoot } from '../support/cli.js';
import { loadRealworldCases, runRealworldCase } from './realworld.js';

/** Cases that do not pass yet, with why. */
const NOT_YET: Record<string, string> = {
  '2gis__on-premise-helm-charts__helmfile_envs': 'v0-era templated plain .yaml',
  'Almothana12__homelab__root': 'repositories[].namespace (not a Helmfile key) is refused',
  'CloudNativeEntrepreneur__jx3-gitops-template__root': 'top-level filepath:',
  'CosasDePuma__HomeLab__root': 'v0-era templated plain .yaml',
  'PRO-Robotech__helmfile-manifests__root': 'v0-era bases: entries',
  'albertoig__homelab__root': 'v0-era bases: after environments:',
  'cloudposse__example-app-on-eks__deploy': 'v0-era templated plain .yaml',
  'cloudposse__helmfiles__releases-echo-server': 'v0-era templated plain .yaml',
  'croissong__verdun__k8s': 'v0-era environments and releases in one part',
  'graphops__launchpad-namespaces__sealed-secrets': 'v0-era templated plain .yaml',
  'kyounger__cbci-helmfile__root': 'v0-era environments and releases in one part',
  'pli01__k8s-helmfiles__helmfile.d-cluster-workload': 'v0-era templated plain .yaml',
  'szymonrychu__selfhosted-kubernetes-helmfile__root': 'v0-era environments and releases in one part',
  'wikimedia__operations-deployment-charts__services-mw-debug': 'v0-era bases: after environments:',
};

const cases = loadRealworldCases();
const bin = join(repoRoot, 'bin', 'run.js');
const helm = toolset(4).helm;

(cases.length ? describe : describe.skip)('real-world helmfiles (helmsync list --output json)', () => {
  it.each(cases.filter((c) => !NOT_YET[c.id]).map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const r = await runRealworldCase(c, bin, helm);
    expect(r.pass ? '' : `${r.reason}\n${r.output.slice(-1500)}`).toBe('');
  });
  for (const c of cases.filter((x) => NOT_YET[x.id])) {
    it.failing(`${c.id} — not yet: ${NOT_YET[c.id]}`, async () => {
      expect((await runRealworldCase(c, bin, helm)).pass).toBe(true);
    });
  }
});
