/**
 * The key end-to-end property: `helmsync template` prints exactly what running
 * `helm template` yourself prints, release after release, when you pass the
 * layered values Helmfile semantics say each release gets. The oracle is real
 * helm; the expected layering is written out by hand below (not produced by
 * helmsync), so a wrong merge order, a wrong rendering of a `.gotmpl` values
 * file or a wrong environment shows up as a diff.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { stringify } from 'yaml';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { repoRoot, runBin, runCli, sandbox, type Sandbox } from '../support/cli.js';

const demo = join(repoRoot, 'fixtures', 'demo');
const file = join(demo, 'helmfile.yaml.gotmpl');

/** One release as helm should see it: values in order (paths in the demo, or inline maps), then --set. */
interface Expected {
  name: string;
  namespace: string;
  values: (string | Record<string, unknown>)[];
  set?: string[];
}

/** Hand-written: environments/common.yaml + environments/<env>.yaml, then each release's entries. */
function expectedReleases(env: 'dev' | 'prod'): Expected[] {
  const v =
    env === 'prod'
      ? { imageTag: '1.4.2', logLevel: 'info', replicas: 3, domain: 'example.com' }
      : { imageTag: '1.4.0', logLevel: 'debug', replicas: 1, domain: 'dev.example.com' };
  return [
    { name: 'database', namespace: 'data', values: ['values/database.yaml', { replicas: 1 }] },
    {
      name: 'backend',
      namespace: 'apps',
      values: [
        'values/common.yaml',
        { config: { component: 'backend', environment: env, logLevel: v.logLevel, publicUrl: `https://api.${v.domain}` } },
        { replicas: v.replicas },
      ],
      set: [`image.tag=${v.imageTag}`],
    },
    {
      name: 'frontend',
      namespace: 'apps',
      values: ['values/common.yaml', 'values/frontend.yaml', { replicas: v.replicas, config: { publicUrl: `https://${v.domain}` } }],
    },
  ];
}

/** What helm itself prints for these releases, joined as Helmfile joins them (Println per release). */
async function oracle(helm: string, sb: Sandbox, releases: Expected[]): Promise<string> {
  let out = '';
  for (const r of releases) {
    const args = ['template', r.name, join(demo, 'charts', 'app'), '--namespace', r.namespace];
    r.values.forEach((v, i) => {
      if (typeof v === 'string') args.push('--values', isAbsolute(v) ? v : join(demo, v));
      else {
        const p = join(sb.dir, 'oracle', `${r.name}-${i}.yaml`);
        mkdirSync(join(sb.dir, 'oracle'), { recursive: true });
        writeFileSync(p, stringify(v));
        args.push('--values', p);
      }
    });
    for (const s of r.set ?? []) args.push('--set', s);
    const res = await runBin(helm, args, { env: sb.env });
    expect(res.stderr).toBe('');
    expect(res.exitCode).toBe(0);
    out += `${res.stdout}\n`;
  }
  return out;
}

describe.each(HELM_MAJORS)('helmsync template with helm %d', (major) => {
  const { helm } = toolset(major);
  let sb: Sandbox;
  beforeEach(() => (sb = sandbox()));
  afterEach(() => sb.cleanup());

  it.each(['prod', 'dev'] as const)('prints what helm template prints for each release of %s, in needs order', async (env) => {
    const expected = await oracle(helm, sb, expectedReleases(env));
    const r = await runCli(['-f', file, '-e', env, 'template', '--helm-binary', helm], { env: sb.env });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(expected);
    // Logs go to stderr only, one "Templating" line per release, in order.
    expect(r.stderr.match(/^Templating release=\S+/gm)).toEqual([
      'Templating release=database,',
      'Templating release=backend,',
      'Templating release=frontend,',
    ]);
  });

  it('gives the same output with --concurrency 1 and nothing on stderr with -q', async () => {
    const expected = await oracle(helm, sb, expectedReleases('dev'));
    const r = await runCli(['-f', file, '-e', 'dev', '-q', 'template', '--concurrency', '1', '--helm-binary', helm], { env: sb.env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(expected);
    expect(r.stderr).toBe('');
  });

  it('with -l renders only the matching release; extra --set and --values come last', async () => {
    writeFileSync(join(sb.dir, 'extra.yaml'), 'port: 9999\n');
    const [, backend] = expectedReleases('prod');
    const expected = await oracle(helm, sb, [{ ...backend!, values: [...backend!.values, join(sb.dir, 'extra.yaml')], set: [...backend!.set!, 'replicas=7'] }]);
    const r = await runCli(['-f', file, '-e', 'prod', '-l', 'tier=app', 'template', '--helm-binary', helm, '--values', join(sb.dir, 'extra.yaml'), '--set', 'replicas=7'], { env: sb.env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(expected);
  });

  it('exits 3 when no release matches the selector, 0 with --allow-no-matching-release', async () => {
    const none = await runCli(['-f', file, '-e', 'prod', '-l', 'tier=nope', 'template', '--helm-binary', helm], { env: sb.env });
    expect(none.exitCode).toBe(3);
    expect(none.stdout).toBe('');
    const allowed = await runCli(['-f', file, '-e', 'prod', '-l', 'tier=nope', '--allow-no-matching-release', 'template', '--helm-binary', helm], { env: sb.env });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toBe('');
  });

  it('writes each release under --output-dir with --output-dir-template', async () => {
    const out = join(sb.dir, 'out');
    const r = await runCli(['-f', file, '-e', 'dev', 'template', '--helm-binary', helm, '--output-dir', out, '--output-dir-template', '{{ .OutputDir }}/{{ .Release.Namespace }}-{{ .Release.Name }}'], { env: sb.env });
    expect(r.exitCode).toBe(0);
    const { existsSync } = await import('node:fs');
    for (const d of ['data-database', 'apps-backend', 'apps-frontend']) {
      expect(existsSync(join(out, d, 'app', 'templates', 'deployment.yaml'))).toBe(true);
    }
  });

  it("names --output-dir subdirectories as Helmfile does: <file base>-<sha1(abs path)[:8]>-<release>", async () => {
    const out = join(sb.dir, 'out2');
    const r = await runCli(['-f', file, '-e', 'dev', '-l', 'name=database', 'template', '--helm-binary', helm, '--output-dir', out], { env: sb.env });
    expect(r.exitCode).toBe(0);
    const { createHash } = await import('node:crypto');
    const { existsSync } = await import('node:fs');
    const sha = createHash('sha1').update(file).digest('hex').slice(0, 8);
    expect(existsSync(join(out, `helmfile.yaml-${sha}-database`, 'app', 'templates', 'configmap.yaml'))).toBe(true);
  });

  it('reports a failing helm call with the release and exit 1', async () => {
    const r = await runCli(['-f', file, '-e', 'prod', 'template', '--helm-binary', helm, '--set', 'image={broken'], { env: sb.env });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: release data\/database: helm template database/m);
  });
});
