/**
 * The pure pieces of chart sources: chart references, credentials, helm argv,
 * the lock file format and digest, auth challenges.
 */
import { parseChartRef, parseOciReference } from '../../src/charts/chart-ref.js';
import { dependencyBuildArgv, ociPullArgv, registryLoginArgv, repoAddArgv } from '../../src/charts/helm-argv.js';
import { findLockedVersion, formatLockFile, lockDigest, type LockFile } from '../../src/charts/lock-file.js';
import { parseAuthChallenge } from '../../src/charts/oci-tags.js';
import { credentialsEnvPrefix, mayPassCredentials, repositoryCredentials } from '../../src/charts/repository.js';
import type { FileSystem } from '../../src/ports/index.js';

const noFiles = { exists: () => false } as unknown as FileSystem;

describe('chart references', () => {
  const repos = [
    { name: 'myrepo', url: 'https://charts.example.com' },
    { name: 'myoci', url: 'registry.example.com:5000/team/charts', oci: true },
  ];
  it.each([
    ['myrepo/nginx', { kind: 'repo', chart: 'nginx' }],
    ['myoci/nginx', { kind: 'oci', registry: 'registry.example.com:5000', repository: 'team/charts/nginx', chartName: 'nginx' }],
    ['oci://localhost:5000/myrepo/raw', { kind: 'oci', registry: 'localhost:5000', repository: 'myrepo/raw', chartName: 'raw' }],
    ['oci://localhost:5000/myrepo/raw:2.0.0', { kind: 'oci', repository: 'myrepo/raw', tag: '2.0.0' }],
    ['oci://r.io/a/raw@sha256:abc', { kind: 'oci', repository: 'a/raw', digest: 'sha256:abc' }],
    ['oci://r.io/a/raw:1.0.0@sha256:abc', { kind: 'oci', tag: '1.0.0', digest: 'sha256:abc' }],
    ['./charts/app', { kind: 'local', path: '/base/charts/app' }],
    ['../app', { kind: 'local', path: '/app' }],
    ['/abs/app', { kind: 'local', path: '/abs/app' }],
    ['stable/unknown', { kind: 'external', chart: 'stable/unknown' }],
    ['git::https://github.com/x/y.git@charts/z?ref=main', { kind: 'external' }],
  ])('%s', (chart, want) => {
    expect(parseChartRef(chart, '/base', repos, noFiles)).toMatchObject(want);
  });

  it('treats an existing directory as local even without ./', () => {
    const fs = { exists: (p: string) => p === '/base/myrepo/nginx' } as unknown as FileSystem;
    expect(parseChartRef('myrepo/nginx', '/base', repos, fs)).toMatchObject({ kind: 'local' });
  });

  it('keeps a registry port apart from a tag', () => {
    expect(parseOciReference('localhost:5000/raw')).toMatchObject({ registry: 'localhost:5000', repository: 'raw', tag: undefined });
  });
});

describe('credentials', () => {
  it('fall back to <NAME>_USERNAME/_PASSWORD with the name upper-cased and - . turned into _', () => {
    expect(credentialsEnvPrefix('my-repo.io')).toBe('MY_REPO_IO');
    expect(repositoryCredentials({ name: 'my-repo', url: 'x' }, { MY_REPO_USERNAME: 'u', MY_REPO_PASSWORD: 'p' })).toEqual({ username: 'u', password: 'p' });
    expect(repositoryCredentials({ name: 'r', url: 'x', username: 'a', password: 'b' }, { R_USERNAME: 'u', R_PASSWORD: 'p' })).toEqual({ username: 'a', password: 'b' });
    expect(repositoryCredentials({ name: 'r', url: 'x' }, { R_USERNAME: 'u' })).toBeUndefined();
  });
  it('go to another host only with passCredentials', () => {
    expect(mayPassCredentials('https://a.io/charts', 'https://a.io/x.tgz')).toBe(true);
    expect(mayPassCredentials('https://a.io/charts', 'https://cdn.a.io/x.tgz')).toBe(false);
    expect(mayPassCredentials('https://a.io/charts', 'https://cdn.a.io/x.tgz', true)).toBe(true);
  });
});

describe('helm argv', () => {
  it('never puts a password on the command line', () => {
    expect(repoAddArgv({ name: 'r', url: 'https://x', username: 'u', withPassword: true, passCredentials: true, caFile: 'ca.pem' })).toEqual([
      'repo', 'add', 'r', 'https://x', '--force-update', '--username', 'u', '--password-stdin', '--pass-credentials', '--ca-file', 'ca.pem',
    ]);
    expect(registryLoginArgv({ host: 'h:5000', username: 'u', plainHttp: true, helmMajor: 4 })).toEqual(['registry', 'login', 'h:5000', '--username', 'u', '--password-stdin', '--plain-http']);
    expect(registryLoginArgv({ host: 'h:5000', username: 'u', plainHttp: true, helmMajor: 3 })).toEqual(['registry', 'login', 'h:5000', '--username', 'u', '--password-stdin', '--insecure']);
  });
  it('pulls OCI charts as Helmfile does', () => {
    expect(ociPullArgv({ ref: 'oci://h/r/c', version: '1.0.0', destination: '/d', untar: true, plainHttp: true })).toEqual([
      'pull', 'oci://h/r/c', '--version', '1.0.0', '--destination', '/d', '--untar', '--plain-http',
    ]);
    expect(dependencyBuildArgv('/c', true)).toEqual(['dependency', 'build', '/c', '--skip-refresh']);
  });
});

describe('lock file', () => {
  it('computes the digest helm writes into Chart.lock (checked against Helmfile\'s own snapshot lock)', () => {
    // shared/corpus/helmfile/local-repo/snapshot__templated_lockfile/.../test-lock-file-prod was made by
    // an older Helmfile whose requirement was {name: raw, version: 0.0.1, repository: …} (no alias).
    const dep = { name: 'raw', repository: 'http://localhost:18080/', version: '0.0.1' };
    expect(lockDigest([{ ...dep, alias: '' }], [dep])).toBe('sha256:5401817b653c4eeb186cbfbb8d77dda6b72f84a548fc9cd128cbd478d5b2e705');
  });

  it('prints Helmfile\'s layout', () => {
    const lock: LockFile = {
      version: '0.1.0',
      dependencies: [{ name: 'raw', repository: 'http://localhost:18080/', version: '0.0.1' }],
      digest: 'sha256:abc',
      generated: '2022-10-12T20:17:15.98786845+03:00',
    };
    expect(formatLockFile(lock)).toBe(
      'version: 0.1.0\ndependencies:\n  - name: raw\n    repository: http://localhost:18080/\n    version: 0.0.1\ndigest: sha256:abc\ngenerated: "2022-10-12T20:17:15.98786845+03:00"\n',
    );
  });

  it('finds the newest locked version satisfying the constraint, from the release\'s repository when the lock has it (issue 13, defect 1)', () => {
    // As `deps` writes it: sorted by name, repository, version, so an older pin comes first.
    const pins: LockFile = {
      version: '',
      digest: '',
      generated: '',
      dependencies: [
        { name: 'demo', repository: 'http://r/', version: '1.0.0' },
        { name: 'demo', repository: 'http://r/', version: '1.10.0' },
        { name: 'demo', repository: 'http://r/', version: '1.2.0' },
        { name: 'demo', repository: 'http://r/', version: '2.0.0-rc.1' },
      ],
    };
    expect(findLockedVersion(pins, 'demo', '', 'http://r/')).toBe('1.10.0');
    expect(findLockedVersion(pins, 'demo', '1.0.0', 'http://r/')).toBe('1.0.0');
    expect(findLockedVersion(pins, 'demo', '~1.2', 'http://r/')).toBe('1.2.0');
    // Two repositories serving "nginx": a release of one never gets the other's version.
    const two: LockFile = {
      version: '',
      digest: '',
      generated: '',
      dependencies: [
        { name: 'nginx', repository: 'http://a/', version: '9.0.0' },
        { name: 'nginx', repository: 'http://b/', version: '1.0.0' },
      ],
    };
    expect(findLockedVersion(two, 'nginx', '', 'http://b')).toBe('1.0.0');
    expect(findLockedVersion(two, 'nginx', '>=2', 'http://b')).toBeUndefined();
    expect(findLockedVersion(two, 'nginx', '', 'http://moved/')).toBe('9.0.0');
  });

  it('prefers the same repository', () => {
    const lock: LockFile = {
      version: '',
      digest: '',
      generated: '',
      dependencies: [
        { name: 'raw', repository: 'http://a/', version: '1.0.0' },
        { name: 'raw', repository: 'http://b/', version: '2.0.0' },
      ],
    };
    expect(findLockedVersion(lock, 'raw', '', 'http://b')).toBe('2.0.0');
    // http://a's 1.0.0 is another repository's chart.
    expect(findLockedVersion(lock, 'raw', '^1', 'http://b')).toBeUndefined();
    expect(findLockedVersion(lock, 'raw', '^1')).toBe('1.0.0');
    expect(findLockedVersion(lock, 'raw', '^3')).toBeUndefined();
    expect(findLockedVersion(lock, 'other', '')).toBeUndefined();
  });
});

describe('registry auth challenges', () => {
  it('reads a bearer challenge', () => {
    expect(parseAuthChallenge('Bearer realm="https://auth.io/token",service="registry.io",scope="repository:a/b:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.io/token', service: 'registry.io', scope: 'repository:a/b:pull' },
    });
  });
});

describe('isolated helm homes', () => {
  it('point config/data/cache at helmsync dirs but keep the user\'s plugins and registry logins', async () => {
    const { createHelmHomes } = await import('../../src/charts/helm-env.js');
    let made = 0;
    const fs = { mkdtemp: () => `/tmp/run${++made}`, remove: () => undefined } as unknown as FileSystem;
    const homes = createHelmHomes({ fs, env: { HOME: '/home/u', PATH: '/bin' } }, '/cache');
    expect(homes.env).toEqual({
      HOME: '/home/u',
      HELM_CONFIG_HOME: '/tmp/run1/config',
      HELM_DATA_HOME: '/tmp/run1/data',
      HELM_CACHE_HOME: '/cache/helm',
      HELM_PLUGINS: '/home/u/.local/share/helm/plugins',
      HELM_REGISTRY_CONFIG: '/home/u/.config/helm/registry/config.json',
    });
    // A user who set their own homes keeps them.
    const own = createHelmHomes({ fs, env: { HOME: '/h', HELM_CONFIG_HOME: '/c', HELM_DATA_HOME: '/d', HELM_CACHE_HOME: '/k' } }, '/cache');
    expect(own.env).toEqual({ HOME: '/h', HELM_CONFIG_HOME: '/c', HELM_DATA_HOME: '/d', HELM_CACHE_HOME: '/k' });
  });
});

describe('version field location', () => {
  it('points at `version:` inside the release item of a plain YAML file, else at the release', async () => {
    const { versionFieldLocation } = await import('../../src/charts/version-location.js');
    const text = ['releases:', '- name: a', '  chart: r/a', '- name: b', '  # comment', '  chart: r/b', '  version: ~1.2', '- version: 1.0.0', '  name: c', ''].join('\n');
    const fs = { exists: () => true, readFile: () => text };
    const rel = (line: number, absFile = '/x/helmfile.yaml') => ({ source: { file: 'helmfile.yaml', line, column: 3, absFile } }) as never;
    expect(versionFieldLocation(rel(4), fs)).toEqual({ file: 'helmfile.yaml', line: 7, column: 3 });
    expect(versionFieldLocation(rel(8), fs)).toEqual({ file: 'helmfile.yaml', line: 8, column: 3 });
    // Release a has no version: the release's own position.
    expect(versionFieldLocation(rel(2), fs)).toMatchObject({ line: 2 });
    // Rendered .gotmpl lines need not match the source.
    expect(versionFieldLocation(rel(4, '/x/helmfile.yaml.gotmpl'), fs)).toMatchObject({ line: 4 });
  });
});

describe('when a local chart needs a dependency build', () => {
  it('follows charts/, Chart.lock, the declared constraint and file:// sources', async () => {
    const { needsDependencyBuild } = await import('../../src/charts/local-chart.js');
    const files: Record<string, string> = {};
    const dirs: Record<string, string[]> = {};
    const fs = {
      exists: (p: string) => p in files || p in dirs,
      readFile: (p: string) => files[p]!,
      readDir: (p: string) => (dirs[p] ?? []).map((name) => ({ name, isFile: true, isDir: false })),
    } as unknown as FileSystem;
    const chart = (deps: string) => `apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n${deps}`;
    files['/c/Chart.yaml'] = chart('- name: demo\n  version: ~1.2\n  repository: https://x\n');
    expect(needsDependencyBuild(fs, '/c')).toBe(true); // no charts/
    dirs['/c/charts'] = ['demo-1.2.5.tgz'];
    expect(needsDependencyBuild(fs, '/c')).toBe(false);
    files['/c/Chart.yaml'] = chart('- name: demo\n  version: ^2.0\n  repository: https://x\n');
    expect(needsDependencyBuild(fs, '/c')).toBe(true); // the archive no longer satisfies Chart.yaml
    files['/c/Chart.lock'] = 'dependencies:\n- name: demo\n  version: 1.2.5\n  repository: https://x\n';
    expect(needsDependencyBuild(fs, '/c')).toBe(true); // the lock no longer fits Chart.yaml: helm will say so
    files['/c/Chart.yaml'] = chart('- name: demo\n  version: ~1.2\n  repository: https://x\n');
    expect(needsDependencyBuild(fs, '/c')).toBe(false); // the lock pins what charts/ holds
    files['/c/Chart.yaml'] = chart('- name: demo\n  version: ~1.2\n  repository: https://x\n- name: sib\n  version: 0.1.0\n  repository: file://../sib\n');
    dirs['/c/charts'] = ['demo-1.2.5.tgz', 'sib-0.1.0.tgz'];
    expect(needsDependencyBuild(fs, '/c')).toBe(true); // file:// sources are always rebuilt
  });
});
