/**
 * What a release's `chart:` names (inventory §1.5): a local directory, a
 * `repo/chart` from a declared repository (HTTP or `oci: true`), an
 * `oci://host/path/chart[:tag][@sha256:…]` URL, or something helm resolves on
 * its own (a repo only the user's helm knows, a URL, go-getter).
 */
import { isAbsolute, resolve } from 'node:path';
import type { FileSystem } from '../ports/index.js';
import type { RepositorySpec } from '../state/types.js';

export type ChartRef =
  | { kind: 'local'; /** Absolute directory (or .tgz). */ path: string }
  | { kind: 'repo'; repo: RepositorySpec; chart: string }
  | {
      kind: 'oci';
      /** `host[:port]` */
      registry: string;
      /** Repository path inside the registry, chart name last: `myrepo/raw`. */
      repository: string;
      /** Last path segment. */
      chartName: string;
      tag?: string;
      digest?: string;
      /** The declared repository when referenced as `repo/chart` with `oci: true`. */
      repo?: RepositorySpec;
    }
  | { kind: 'external'; chart: string };

const OCI_PREFIX = 'oci://';

/** Splits `host/path/chart[:tag][@sha256:…]` (no scheme) into its parts. */
export function parseOciReference(ref: string): { registry: string; repository: string; chartName: string; tag?: string; digest?: string } {
  let rest = ref.replace(/^oci:\/\//, '').replace(/\/+$/, '');
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.indexOf('/');
  const registry = slash >= 0 ? rest.slice(0, slash) : rest;
  let repository = slash >= 0 ? rest.slice(slash + 1) : '';
  let tag: string | undefined;
  // A tag is a ':' after the last '/', never the registry's port.
  const lastSlash = repository.lastIndexOf('/');
  const colon = repository.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = repository.slice(colon + 1);
    repository = repository.slice(0, colon);
  }
  const chartName = repository.slice(repository.lastIndexOf('/') + 1);
  return { registry, repository, chartName, tag, digest };
}

/**
 * Classifies `chart` as Helmfile does: `oci://` first; then a directory or
 * archive that exists relative to `baseDir` (or starts with `/`, `./`, `../`);
 * then `repo/chart` when `repo` is declared; anything else goes to helm as written.
 */
export function parseChartRef(chart: string, baseDir: string, repositories: readonly RepositorySpec[], fs: FileSystem): ChartRef {
  if (chart.startsWith(OCI_PREFIX)) {
    return { kind: 'oci', ...parseOciReference(chart) };
  }
  const abs = isAbsolute(chart) ? chart : resolve(baseDir, chart);
  const looksLocal = chart.startsWith('/') || chart.startsWith('./') || chart.startsWith('../') || chart === '.' || chart === '..';
  if (looksLocal || fs.exists(abs)) return { kind: 'local', path: abs };
  const slash = chart.indexOf('/');
  if (slash > 0 && !chart.includes('::') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(chart)) {
    const repoName = chart.slice(0, slash);
    const name = chart.slice(slash + 1);
    const repo = repositories.find((r) => r.name === repoName);
    if (repo?.oci) {
      const base = parseOciReference(`${repo.url.replace(/\/+$/, '')}/${name}`);
      return { kind: 'oci', ...base, repo };
    }
    if (repo) return { kind: 'repo', repo, chart: name };
  }
  return { kind: 'external', chart };
}
