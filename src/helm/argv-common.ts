/**
 * Flag groups shared by several helm sub-commands, in the order Helmfile appends
 * them (pkg/state/state.go `flagsForTemplate`/`flagsForUpgrade`/`namespaceAndValuesFlags`).
 * All pure: data in, argv out.
 */
import { pick, type HelmDefaultsSpec, type HelmReleaseSpec, type HelmValuesArgs } from './release-spec.js';
import type { HelmMajorVersion } from './version.js';

/** `--version V` (an OCI digest suffix is not a version helm understands) and `--devel`. */
export function chartVersionFlags(r: HelmReleaseSpec, d: HelmDefaultsSpec): string[] {
  const out: string[] = [];
  const version = stripDigest(r.version);
  if (version) out.push('--version', version);
  if (pick(r.devel, d.devel, false)) out.push('--devel');
  return out;
}

/** `1.0.0@sha256:…` → `1.0.0`; a bare digest → nothing. */
export function stripDigest(version: string | undefined): string | undefined {
  if (!version) return undefined;
  const at = version.indexOf('@');
  if (at < 0) return version;
  return version.slice(0, at) || undefined;
}

export function enableDnsFlags(r: HelmReleaseSpec, d: HelmDefaultsSpec): string[] {
  return pick(r.enableDNS, d.enableDNS, false) ? ['--enable-dns'] : [];
}

/**
 * `--post-renderer P` and one `--post-renderer-args A` per arg. The CLI value wins
 * over the release's only when the release sets none (integration case `postrender`).
 * Helm 4 takes only a postrenderer/v1 plugin name, so there a `*.bash`/`*.sh` path
 * becomes the plugin named after the script (Helmfile `appendPostRenderFlags`:
 * `../../postrenderers/add-cm1.bash` → `add-cm1`; snapshot case `postrenderer`).
 */
export function postRenderFlags(
  r: HelmReleaseSpec,
  d: HelmDefaultsSpec,
  cli: { postRenderer?: string; postRendererArgs?: string[] } = {},
  helmMajor: HelmMajorVersion = 3,
): string[] {
  const out: string[] = [];
  const renderer = r.postRenderer || cli.postRenderer || d.postRenderer;
  if (renderer) out.push('--post-renderer', helmMajor >= 4 ? postRendererPluginName(renderer) : renderer);
  const args = r.postRendererArgs?.length ? r.postRendererArgs : cli.postRendererArgs?.length ? cli.postRendererArgs : d.postRendererArgs ?? [];
  // Empty args are dropped, as Helmfile does.
  if (renderer) for (const a of args) if (a !== '') out.push('--post-renderer-args', a);
  return out;
}

/** Helm 4: a script path (`dir/add-cm1.bash`) names the plugin `add-cm1`; anything else is kept. */
export function postRendererPluginName(renderer: string): string {
  if (!/\.(bash|sh)$/.test(renderer)) return renderer;
  const base = renderer.slice(renderer.lastIndexOf('/') + 1);
  return base.slice(0, base.lastIndexOf('.'));
}

/** `--api-versions` per entry and `--kube-version` (the CLI value overrides the release's). */
export function capabilitiesFlags(r: HelmReleaseSpec, cliKubeVersion?: string): string[] {
  const out: string[] = [];
  for (const a of r.apiVersions ?? []) out.push('--api-versions', a);
  const kv = cliKubeVersion || r.kubeVersion;
  if (kv) out.push('--kube-version', kv);
  return out;
}

export function chartDownloadFlags(r: HelmReleaseSpec, d: HelmDefaultsSpec): string[] {
  const out: string[] = [];
  if (pick(r.insecureSkipTLSVerify, d.insecureSkipTLSVerify, false)) out.push('--insecure-skip-tls-verify');
  if (pick(r.plainHttp, d.plainHttp, false)) out.push('--plain-http');
  return out;
}

export function skipSchemaValidationFlags(r: HelmReleaseSpec, d: HelmDefaultsSpec, cli?: boolean): string[] {
  return cli || pick(r.skipSchemaValidation, d.skipSchemaValidation, false) ? ['--skip-schema-validation'] : [];
}

/** `--namespace NS`, the values files, the sets, then the CLI values and sets (later wins in helm). */
export function namespaceAndValuesFlags(r: HelmReleaseSpec, v: HelmValuesArgs): string[] {
  const out: string[] = [];
  if (r.namespace) out.push('--namespace', r.namespace);
  for (const f of v.files) out.push('--values', f);
  for (const s of v.sets) out.push(`--${s.kind}`, s.expr);
  for (const f of v.cliFiles ?? []) out.push('--values', f);
  for (const s of v.cliSets ?? []) out.push('--set', s);
  return out;
}

/** `--kube-context` from the release, else helmDefaults; `--kubeconfig` when given. */
export function connectionFlags(r: HelmReleaseSpec, d: HelmDefaultsSpec, kubeconfig?: string): string[] {
  const out: string[] = [];
  const ctx = r.kubeContext || d.kubeContext;
  if (ctx) out.push('--kube-context', ctx);
  if (kubeconfig) out.push('--kubeconfig', kubeconfig);
  return out;
}

/**
 * Splits an `--args`/`--template-args` string the way Helmfile does (on spaces,
 * keeping `--flag=value` together; quotes are not interpreted by Helmfile either).
 */
export function splitArgs(s: string | undefined): string[] {
  if (!s) return [];
  return s.split(/\s+/).filter(Boolean);
}
