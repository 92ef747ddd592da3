/**
 * argv for the helm calls chart sources make. Pure, so they are unit-tested
 * without a process. (src/helm builds the release-level calls; these belong to
 * chart fetching and repository set-up.) Passwords go through stdin, never argv.
 */

export interface TlsFlags {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTLSVerify?: boolean;
}

function tlsArgs(t: TlsFlags): string[] {
  const a: string[] = [];
  if (t.caFile) a.push('--ca-file', t.caFile);
  if (t.certFile) a.push('--cert-file', t.certFile);
  if (t.keyFile) a.push('--key-file', t.keyFile);
  if (t.insecureSkipTLSVerify) a.push('--insecure-skip-tls-verify');
  return a;
}

/** `helm pull oci://… --version V --destination D --untar [--plain-http]` (Helmfile `ChartPull`). */
export function ociPullArgv(o: { ref: string; version?: string; destination: string; untar: boolean; plainHttp?: boolean } & TlsFlags): string[] {
  const a = ['pull', o.ref];
  if (o.version) a.push('--version', o.version);
  a.push('--destination', o.destination);
  if (o.untar) a.push('--untar');
  if (o.plainHttp) a.push('--plain-http');
  return [...a, ...tlsArgs(o)];
}

/** `helm repo add NAME URL --force-update [--username U --password-stdin] [tls] [--pass-credentials]`. */
export function repoAddArgv(o: { name: string; url: string; username?: string; withPassword?: boolean; passCredentials?: boolean } & TlsFlags): string[] {
  const a = ['repo', 'add', o.name, o.url, '--force-update'];
  if (o.username) a.push('--username', o.username);
  if (o.withPassword) a.push('--password-stdin');
  if (o.passCredentials) a.push('--pass-credentials');
  return [...a, ...tlsArgs(o)];
}

/**
 * `helm registry login HOST --username U --password-stdin [--insecure|--plain-http]`.
 * A plain-HTTP registry needs `--plain-http` on helm 4; helm 3 has no such flag
 * and reaches one with `--insecure`.
 */
export function registryLoginArgv(
  o: { host: string; username: string; insecure?: boolean; plainHttp?: boolean; helmMajor?: 3 | 4 } & Pick<TlsFlags, 'caFile' | 'certFile' | 'keyFile'>,
): string[] {
  const a = ['registry', 'login', o.host, '--username', o.username, '--password-stdin'];
  if (o.plainHttp && o.helmMajor === 4) a.push('--plain-http');
  else if (o.insecure || o.plainHttp) a.push('--insecure');
  if (o.caFile) a.push('--ca-file', o.caFile);
  if (o.certFile) a.push('--cert-file', o.certFile);
  if (o.keyFile) a.push('--key-file', o.keyFile);
  return a;
}

/** `helm dependency build DIR [--skip-refresh] [--plain-http]` (plain HTTP for OCI dependencies under --oci-plain-http). */
export function dependencyBuildArgv(dir: string, skipRefresh?: boolean, plainHttp?: boolean): string[] {
  return ['dependency', 'build', dir, ...(skipRefresh ? ['--skip-refresh'] : []), ...(plainHttp ? ['--plain-http'] : [])];
}

/** `helm dependency update DIR [--skip-refresh]` (the `deps` command on local charts). */
export function dependencyUpdateArgv(dir: string, skipRefresh?: boolean): string[] {
  return ['dependency', 'update', dir, ...(skipRefresh ? ['--skip-refresh'] : [])];
}
