/**
 * The bad-input corpus of issue 14: malformed releases files, values files,
 * flags, plan files and promotion config, each as the user would write it.
 * test/e2e/bad-input.test.ts runs every case through the BUILT CLI against the
 * API emulator under helm 3 and helm 4 and holds each to the same promise:
 * exactly one error line, at the right file:line where a file is to blame,
 * naming the release (`ns/name`) and environment where one is involved, a
 * `hint:` with the next step, exit 1, and not one write request to the cluster.
 *
 * `at` is the exact location the error line starts with (the line number is
 * the line the mistake is on, counted by hand in `files`).
 */

/** What a case can refer to: servers and paths of the running suite. */
export interface CaseContext {
  /** A chart repository (real `helm repo index`) serving chart `c` at 0.1.0 and 1.0.0. */
  repoUrl: string;
  /** An http URL on a port nothing listens on. */
  deadUrl: string;
  /** The case folder (cwd of the CLI). */
  dir: string;
  /** Runs the CLI in the case folder before the case (may read, e.g. `plan --out`); its writes are not counted. */
  cli(args: string[]): Promise<{ exitCode: number; stderr: string }>;
}

export interface BadInputCase {
  name: string;
  /** Files of the case folder, besides the local chart `c/` (a ConfigMap). */
  files: Record<string, string> | ((ctx: CaseContext) => Record<string, string>);
  /** helmsync arguments; `--helm-binary`/`--kubectl-binary` are appended unless `bare`. */
  args: string[] | ((ctx: CaseContext) => string[]);
  /** The command takes no helm/kubectl flags (show-plan, schema). */
  bare?: boolean;
  /** The one `error:` line matches this. */
  error: RegExp;
  /** `file:line` (or `file part N, line M`) the message starts with; unset when no file is to blame. */
  at?: string;
  /** `release ns/name` is named. */
  release?: string;
  /** `environment X` is named. */
  environment?: string;
  /** The `hint:` line matches this. */
  hint: RegExp;
  /** Runs before the case (plan files to tamper with). */
  prepare?: (ctx: CaseContext) => Promise<void>;
}

const rel = (lines: string[]): string => lines.join('\n') + '\n';
const one = (extra: string[] = [], name = 'a', ns = 'apps'): string => rel(['releases:', `  - name: ${name}`, `    namespace: ${ns}`, '    chart: ./c', ...extra]);
const SYNC = ['sync'];

export const BAD_INPUTS: BadInputCase[] = [
  // ── YAML syntax ────────────────────────────────────────────────────────────
  {
    name: 'unclosed flow sequence',
    files: { 'helmfile.yaml': one(['    values: [a.yaml', '    labels: {}']) },
    args: SYNC,
    error: /malformed YAML: Flow sequence .*never closed/,
    at: 'helmfile.yaml:5',
    hint: /fix the YAML syntax/,
  },
  {
    name: 'a key indented wrongly',
    files: { 'helmfile.yaml': rel(['releases:', '  - name: a', '    namespace: apps', '     chart: ./c']) },
    args: SYNC,
    error: /malformed YAML: /,
    at: 'helmfile.yaml:4',
    hint: /indented deeper/,
  },
  {
    name: 'a duplicated key',
    files: { 'helmfile.yaml': one(['    chart: ./d']) },
    args: SYNC,
    error: /malformed YAML: .*unique/i,
    at: 'helmfile.yaml:5',
    hint: /fix the YAML syntax/,
  },
  {
    name: 'a tab for indentation',
    files: { 'helmfile.yaml': 'releases:\n  - name: a\n\tchart: ./c\n' },
    args: SYNC,
    error: /malformed YAML/,
    at: 'helmfile.yaml:3',
    hint: /fix the YAML syntax/,
  },
  {
    name: 'an unknown anchor',
    files: { 'helmfile.yaml': one(['    labels: *common']) },
    args: SYNC,
    error: /unknown YAML anchor \*common/,
    at: 'helmfile.yaml:5',
    hint: /define &common/,
  },
  {
    name: 'malformed YAML in the second part of a .gotmpl',
    files: { 'helmfile.yaml.gotmpl': rel(['environments:', '  default: {}', '---', 'releases:', '  - name: a', '    chart: ./c', '    labels: {tier: web']) },
    args: SYNC,
    error: /malformed YAML/,
    at: 'helmfile.yaml.gotmpl part 2, line 7',
    hint: /fix the YAML syntax/,
  },
  {
    name: 'an unknown template function',
    files: { 'helmfile.yaml.gotmpl': rel(['releases:', '  - name: a', '    namespace: apps', '    chart: ./c', '    labels:', '      v: {{ "x" | nosuchfn }}']) },
    args: SYNC,
    error: /nosuchfn/,
    at: 'helmfile.yaml.gotmpl:6',
    hint: /not a template function/,
  },
  {
    name: 'an unclosed template action',
    files: { 'helmfile.yaml.gotmpl': rel(['releases:', '  - name: a', '    namespace: apps', '    chart: ./c', '    labels:', '      v: {{ .Values.x ']) },
    args: SYNC,
    error: /unclosed action/,
    at: 'helmfile.yaml.gotmpl:6',
    hint: /close the action with }}/,
  },
  {
    name: 'a missing key under required in a template',
    files: { 'helmfile.yaml.gotmpl': rel(['releases:', '  - name: a', '    namespace: apps', '    chart: ./c', '    labels:', '      v: {{ required "tier is required" (env "HELMSYNC_NO_SUCH_VARIABLE") }}']) },
    args: SYNC,
    error: /tier is required/,
    at: 'helmfile.yaml.gotmpl:6',
    hint: /set the value the template requires/,
  },

  // ── wrong types ────────────────────────────────────────────────────────────
  {
    name: 'labels as a list',
    files: { 'helmfile.yaml': one(['    labels:', '      - tier']) },
    args: SYNC,
    error: /releases\[0\]\.labels must be a map of strings, got a list/,
    at: 'helmfile.yaml:5',
    release: 'apps/a',
    hint: /key: value pairs/,
  },
  {
    name: 'installed as a word',
    files: { 'helmfile.yaml': one(['    installed: maybe']) },
    args: SYNC,
    error: /installed must be a boolean/,
    at: 'helmfile.yaml:5',
    release: 'apps/a',
    hint: /true or installed: false/,
  },
  {
    name: 'values as a string',
    files: { 'helmfile.yaml': one(['    values: a.yaml']) },
    args: SYNC,
    error: /values must be a list/,
    at: 'helmfile.yaml:5',
    release: 'apps/a',
    hint: /values: \["a\.yaml"\]/,
  },
  {
    name: 'helmDefaults.timeout as a word',
    files: { 'helmfile.yaml': rel(['helmDefaults:', '  timeout: soon', ...one().trimEnd().split('\n')]) },
    args: SYNC,
    error: /helmDefaults\.timeout must be an integer/,
    at: 'helmfile.yaml:2',
    hint: /whole number/,
  },
  {
    name: 'environments as a list',
    files: { 'helmfile.yaml': rel(['environments:', '  - dev', '---', ...one().trimEnd().split('\n')]) },
    args: SYNC,
    error: /environments must be a map, got a list/,
    at: 'helmfile.yaml part 1, line 1',
    hint: /key: value pairs/,
  },
  {
    name: 'releases: written as a map',
    files: { 'helmfile.yaml': rel(['releases:', '  a:', '    namespace: apps', '    chart: ./c']) },
    args: SYNC,
    error: /releases must be a list, got a map/,
    at: 'helmfile.yaml:1',
    hint: /"- name: a" instead of "a:"/,
  },
  {
    name: 'a release entry that is a string',
    files: { 'helmfile.yaml': rel(['releases:', '  - a']) },
    args: SYNC,
    error: /releases\[0\] must be a map/,
    at: 'helmfile.yaml:2',
    hint: /- name: web/,
  },
  {
    name: 'wait as a sentence',
    files: { 'helmfile.yaml': one(['    wait: "yes please"']) },
    args: SYNC,
    error: /wait must be a boolean/,
    at: 'helmfile.yaml:5',
    release: 'apps/a',
    hint: /true or wait: false/,
  },
  {
    name: 'set entry without a name',
    files: { 'helmfile.yaml': one(['    set:', '      - value: x']) },
    args: SYNC,
    error: /set|name/,
    at: 'helmfile.yaml:6',
    hint: /.+/,
  },

  // ── unknown keys (did-you-mean) ────────────────────────────────────────────
  {
    name: 'a misspelt release key',
    files: { 'helmfile.yaml': one(['    vaules:', '      - a.yaml']) },
    args: SYNC,
    error: /unknown key "vaules"/,
    at: 'helmfile.yaml:5',
    hint: /did you mean "values"/,
  },
  {
    name: 'a misspelt top-level key',
    files: { 'helmfile.yaml': rel(['releaes:', '  - name: a', '    chart: ./c']) },
    args: SYNC,
    error: /unknown key "releaes"/,
    at: 'helmfile.yaml:1',
    hint: /did you mean "releases"/,
  },
  {
    name: 'a misspelt helmDefaults key',
    files: { 'helmfile.yaml': rel(['helmDefaults:', '  tiemout: 30', ...one().trimEnd().split('\n')]) },
    args: SYNC,
    error: /unknown key "tiemout"/,
    at: 'helmfile.yaml:2',
    hint: /did you mean "timeout"/,
  },
  {
    name: 'a misspelt environment key',
    files: { 'helmfile.yaml': rel(['environments:', '  default:', '    valuse: []', '---', ...one().trimEnd().split('\n')]) },
    args: SYNC,
    error: /unknown key "valuse"/,
    at: 'helmfile.yaml part 1, line 3',
    hint: /did you mean "values"/,
  },
  {
    name: 'a misspelt repository key',
    files: (c) => ({ 'helmfile.yaml': rel(['repositories:', '  - name: r', `    ulr: ${c.repoUrl}`, ...one().trimEnd().split('\n')]) }),
    args: SYNC,
    error: /unknown key "ulr"/,
    at: 'helmfile.yaml:3',
    hint: /did you mean "url"/,
  },

  // ── cycles and needs ──────────────────────────────────────────────────────
  {
    name: 'two releases needing each other',
    files: { 'helmfile.yaml': rel(['releases:', '  - name: a', '    namespace: apps', '    chart: ./c', '    needs: [apps/b]', '  - name: b', '    namespace: apps', '    chart: ./c', '    needs: [apps/a]']) },
    args: SYNC,
    error: /needs cycle: apps\/a → apps\/b → apps\/a/,
    at: 'helmfile.yaml:9',
    release: 'apps/b',
    hint: /remove one of these needs/,
  },
  {
    name: 'a release needing itself',
    files: { 'helmfile.yaml': one(['    needs: [apps/a]']) },
    args: SYNC,
    error: /needs cycle: apps\/a → apps\/a/,
    at: 'helmfile.yaml:5',
    release: 'apps/a',
    hint: /remove one of these needs/,
  },
  {
    name: 'a three-release cycle',
    files: {
      'helmfile.yaml': rel([
        'releases:',
        '  - {name: a, namespace: apps, chart: ./c, needs: [apps/b]}',
        '  - {name: b, namespace: apps, chart: ./c, needs: [apps/c]}',
        '  - {name: c, namespace: apps, chart: ./c, needs: [apps/a]}',
      ]),
    },
    args: SYNC,
    error: /needs cycle: apps\/a → apps\/b → apps\/c → apps\/a/,
    at: 'helmfile.yaml:4',
    release: 'apps/c',
    hint: /remove one of these needs/,
  },
  {
    name: 'needs naming a release that does not exist',
    files: { 'helmfile.yaml': one(['    needs: [apps/nothere]']) },
    args: SYNC,
    error: /depends on "apps\/nothere" which does not match any release/,
    at: 'helmfile.yaml:5',
    release: 'apps/a',
    hint: /needs entries are/,
  },

  // ── missing files and charts ───────────────────────────────────────────────
  {
    name: 'a missing values file',
    files: { 'helmfile.yaml': one(['    values:', '      - missing.yaml']) },
    args: SYNC,
    error: /file missing\.yaml does not exist/,
    at: 'helmfile.yaml:6',
    release: 'apps/a',
    hint: /fix the path/,
  },
  {
    name: 'a missing local chart',
    files: { 'helmfile.yaml': rel(['releases:', '  - name: a', '    namespace: apps', '    chart: ./c', '  - name: b', '    namespace: apps', '    chart: ./nochart']) },
    args: SYNC,
    error: /chart \.\/nochart does not exist/,
    at: 'helmfile.yaml:7',
    release: 'apps/b',
    hint: /relative to the releases file/,
  },
  {
    name: 'a missing base',
    files: { 'helmfile.yaml': rel(['bases:', '  - base.yaml', '---', ...one().trimEnd().split('\n')]) },
    args: SYNC,
    error: /base file base\.yaml does not exist/,
    at: 'helmfile.yaml part 1, line 2',
    hint: /relative to the including state file/,
  },
  {
    name: 'a missing environment values file',
    files: { 'helmfile.yaml': rel(['environments:', '  default:', '    values:', '      - env/default.yaml', '---', ...one().trimEnd().split('\n')]) },
    args: SYNC,
    error: /file env\/default\.yaml does not exist/,
    at: 'helmfile.yaml part 1, line 4',
    environment: 'default',
    hint: /fix the path/,
  },
  {
    name: 'a missing sub-helmfile',
    files: { 'helmfile.yaml': rel(['missingFileHandler: Error', 'helmfiles:', '  - path: sub/helmfile.yaml']) },
    args: SYNC,
    error: /no file matches sub\/helmfile\.yaml/,
    at: 'helmfile.yaml:3',
    hint: /fix the path/,
  },
  {
    name: '-f naming a file that does not exist',
    files: { 'helmfile.yaml': one() },
    args: ['-f', 'nope.yaml', 'sync'],
    error: /nope\.yaml/,
    hint: /.+/,
  },
  {
    name: 'a chart from a repository never declared',
    files: { 'helmfile.yaml': rel(['releases:', '  - name: a', '    namespace: apps', '    chart: nope/c']) },
    args: SYNC,
    error: /repository "nope" is not declared/,
    at: 'helmfile.yaml:4',
    release: 'apps/a',
    hint: /add it under repositories:/,
  },
  {
    name: 'a chart the repository does not have',
    files: (c) => ({ 'helmfile.yaml': rel(['repositories:', '  - name: r', `    url: ${c.repoUrl}`, 'releases:', '  - name: a', '    namespace: apps', '    chart: r/nosuchchart']) }),
    args: SYNC,
    error: /chart "nosuchchart" is not in repository "r"/,
    at: 'helmfile.yaml:7',
    release: 'apps/a',
    hint: /the repository has: c|check the chart name/,
  },

  // ── bad semver ─────────────────────────────────────────────────────────────
  {
    name: 'a version constraint that is not semver',
    files: (c) => ({ 'helmfile.yaml': rel(['repositories:', '  - name: r', `    url: ${c.repoUrl}`, 'releases:', '  - name: a', '    namespace: apps', '    chart: r/c', '    version: ">=banana"']) }),
    args: SYNC,
    error: /banana/,
    at: 'helmfile.yaml:8',
    release: 'apps/a',
    hint: /.+/,
  },
  {
    name: 'a four-part version',
    files: (c) => ({ 'helmfile.yaml': rel(['repositories:', '  - name: r', `    url: ${c.repoUrl}`, 'releases:', '  - name: a', '    namespace: apps', '    chart: r/c', '    version: 1.2.3.4']) }),
    args: SYNC,
    error: /1\.2\.3\.4/,
    at: 'helmfile.yaml:8',
    release: 'apps/a',
    hint: /.+/,
  },
  {
    name: 'a version the repository does not have',
    files: (c) => ({ 'helmfile.yaml': rel(['repositories:', '  - name: r', `    url: ${c.repoUrl}`, 'releases:', '  - name: a', '    namespace: apps', '    chart: r/c', '    version: ~9.9.0']) }),
    args: SYNC,
    error: /matches "~9\.9\.0"; nearest available: 1\.0\.0, 0\.1\.0/,
    at: 'helmfile.yaml:8',
    release: 'apps/a',
    hint: /change the version constraint/,
  },

  // ── unreachable repositories ───────────────────────────────────────────────
  {
    name: 'a repository nothing listens on',
    files: (c) => ({ 'helmfile.yaml': rel(['repositories:', '  - name: r', `    url: ${c.deadUrl}`, 'releases:', '  - name: a', '    namespace: apps', '    chart: r/c']) }),
    args: SYNC,
    error: /cannot reach repository "r" at http:\/\/127\.0\.0\.1:\d+\/: connection refused$/,
    at: 'helmfile.yaml:3',
    hint: /server is up/,
  },
  {
    name: 'a repository URL with no index',
    files: (c) => ({ 'helmfile.yaml': rel(['repositories:', '  - name: r', `    url: ${c.repoUrl}nothing-here/`, 'releases:', '  - name: a', '    namespace: apps', '    chart: r/c']) }),
    args: SYNC,
    error: /repository "r" .*404/,
    at: 'helmfile.yaml:3',
    hint: /index\.yaml/,
  },
  {
    name: 'a repository URL that is not a URL',
    files: { 'helmfile.yaml': rel(['repositories:', '  - name: r', '    url: "not a url"', 'releases:', '  - name: a', '    namespace: apps', '    chart: r/c']) },
    args: SYNC,
    error: /repository "r" at not a url/,
    at: 'helmfile.yaml:3',
    hint: /url/,
  },

  // ── bad selectors ──────────────────────────────────────────────────────────
  {
    name: 'a selector without a value',
    files: { 'helmfile.yaml': one() },
    args: ['-l', 'name', 'sync'],
    error: /name/,
    hint: /key=value|-l/,
  },
  {
    name: 'a selector without a key',
    files: { 'helmfile.yaml': one() },
    args: ['-l', '=a', 'sync'],
    error: /=a/,
    hint: /key=value|-l/,
  },
  {
    name: 'a selector with a trailing comma',
    files: { 'helmfile.yaml': one() },
    args: ['-l', 'name=a,', 'sync'],
    error: /in selector "name=a,": an empty term, from a stray comma/,
    hint: /key=value|-l/,
  },

  // ── bad flags ──────────────────────────────────────────────────────────────
  {
    name: 'an unknown flag',
    files: { 'helmfile.yaml': one() },
    args: ['sync', '--no-such-flag'],
    error: /no-such-flag/,
    hint: /--help/,
  },
  {
    name: 'a negative --concurrency',
    files: { 'helmfile.yaml': one() },
    args: ['sync', '--concurrency', '-1'],
    error: /concurrency/,
    hint: /.+/,
  },
  {
    name: '--concurrency not a number',
    files: { 'helmfile.yaml': one() },
    args: ['sync', '--concurrency', 'many'],
    error: /^error: Parsing --concurrency: Expected an integer but received: many$/,
    hint: /--help/,
  },
  {
    name: 'an environment that is not defined',
    files: { 'helmfile.yaml': rel(['environments:', '  dev: {}', '---', ...one().trimEnd().split('\n')]) },
    args: ['-e', 'prod', 'sync'],
    error: /"?prod"? is not defined/,
    environment: 'prod',
    hint: /dev/,
  },
  {
    name: '--set without a value',
    files: { 'helmfile.yaml': one() },
    args: ['sync', '--set', 'replicas'],
    error: /--set cannot be read: key "replicas" has no value/,
    release: 'apps/a',
    hint: /--set key=value/,
  },
  {
    name: '--state-values-set without a value',
    files: { 'helmfile.yaml': one() },
    args: ['--state-values-set', 'tier', 'sync'],
    error: /tier/,
    hint: /.+/,
  },
  {
    name: 'an --output format that does not exist',
    files: { 'helmfile.yaml': one() },
    args: ['diff', '--output', 'yaml'],
    error: /yaml/,
    hint: /--help/,
  },
  {
    name: '--timeout of zero',
    files: { 'helmfile.yaml': one() },
    args: ['sync', '--timeout', '0'],
    error: /timeout/,
    hint: /.+/,
  },
  {
    name: 'a --values file that does not exist',
    files: { 'helmfile.yaml': one() },
    args: ['sync', '--values', 'extra.yaml'],
    error: /extra\.yaml/,
    release: 'apps/a',
    hint: /.+/,
  },

  // ── bad durations ──────────────────────────────────────────────────────────
  {
    name: 'reconcile --interval in words',
    files: { 'helmfile.yaml': one() },
    args: ['reconcile', '--once', '--interval', 'five minutes'],
    error: /five minutes/,
    hint: /.+/,
  },
  {
    name: 'reconcile --retry-backoff negative',
    files: { 'helmfile.yaml': one() },
    args: ['reconcile', '--once', '--retry-backoff', '-1s'],
    error: /-1s/,
    hint: /.+/,
  },
  {
    name: 'reconcile --shutdown-timeout without a unit',
    files: { 'helmfile.yaml': one() },
    args: ['reconcile', '--once', '--shutdown-timeout', '60'],
    error: /60/,
    hint: /.+/,
  },
  {
    name: 'reconcile --jitter above 1',
    files: { 'helmfile.yaml': one() },
    args: ['reconcile', '--once', '--jitter', '2'],
    error: /jitter/,
    hint: /.+/,
  },
  {
    name: 'apply --plan-max-age in words',
    files: { 'helmfile.yaml': one() },
    args: ['apply', '--plan', 'plan.json', '--plan-max-age', 'a day'],
    prepare: async (c) => void (await c.cli(['plan', '--out', 'plan.json'])),
    error: /a day/,
    hint: /.+/,
  },

  // ── bad plan files ─────────────────────────────────────────────────────────
  {
    name: 'apply --plan naming a missing file',
    files: { 'helmfile.yaml': one() },
    args: ['apply', '--plan', 'nope.json'],
    error: /nope\.json/,
    hint: /helmsync plan --out/,
  },
  {
    name: 'apply --plan of a file that is not JSON',
    files: { 'helmfile.yaml': one(), 'plan.json': '{"plan": \n' },
    args: ['apply', '--plan', 'plan.json'],
    error: /plan\.json/,
    hint: /helmsync plan --out/,
  },
  {
    name: 'apply --plan of an edited plan file',
    files: { 'helmfile.yaml': one() },
    args: ['apply', '--plan', 'plan.json'],
    prepare: async (c) => {
      const { readFileSync, writeFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const r = await c.cli(['plan', '--out', 'plan.json']);
      if (r.exitCode !== 0) throw new Error(`plan --out failed: ${r.stderr}`);
      const p = join(c.dir, 'plan.json');
      writeFileSync(p, readFileSync(p, 'utf8').replace('"install"', '"noop"'));
    },
    error: /changed after it was written/,
    hint: /.+/,
  },
  {
    name: 'apply --plan of a plan made for another environment',
    files: { 'helmfile.yaml': rel(['environments:', '  dev: {}', '  prod: {}', '---', ...one().trimEnd().split('\n')]) },
    args: ['-e', 'prod', 'apply', '--plan', 'plan.json'],
    prepare: async (c) => {
      const r = await c.cli(['-e', 'dev', 'plan', '--out', 'plan.json']);
      if (r.exitCode !== 0) throw new Error(`plan --out failed: ${r.stderr}`);
    },
    error: /plan file plan\.json is for environment dev, not prod/,
    environment: 'prod',
    hint: /-e dev/,
  },
  {
    name: 'apply --plan of a JSON file that is no plan',
    files: { 'helmfile.yaml': one(), 'plan.json': '{"releases": 3}\n' },
    args: ['apply', '--plan', 'plan.json'],
    error: /plan\.json/,
    hint: /helmsync plan --out/,
  },
  {
    name: 'show-plan of a file that is not JSON',
    files: { 'plan.json': 'not json\n' },
    args: ['show-plan', 'plan.json'],
    bare: true,
    error: /plan\.json/,
    hint: /helmsync plan --out/,
  },
  {
    name: 'plan --out onto a folder',
    files: { 'helmfile.yaml': one() },
    args: ['plan', '--out', 'c'],
    error: /cannot write plan file c: it is a directory/,
    hint: /--out c\/plan\.json/,
  },

  // ── bad promotion config ───────────────────────────────────────────────────
  {
    name: 'promotion naming an environment that is not defined',
    files: { 'helmfile.yaml': rel(['promotion:', '  environments: [dev, stagin, prod]', 'environments:', '  dev: {}', '  staging: {}', '  prod: {}', '---', ...one().trimEnd().split('\n')]) },
    args: ['promote', '--from', 'dev', '--to', 'prod', '--yes'],
    error: /environment "stagin" is not defined/,
    at: 'helmfile.yaml part 1, line 2',
    hint: /staging/,
  },
  {
    name: 'a misspelt promotion key',
    files: { 'helmfile.yaml': rel(['promotion:', '  enviroments: [dev, prod]', 'environments:', '  dev: {}', '  prod: {}', '---', ...one().trimEnd().split('\n')]) },
    args: ['promote', '--from', 'dev', '--to', 'prod', '--yes'],
    error: /unknown key "enviroments"/,
    at: 'helmfile.yaml part 1, line 2',
    hint: /did you mean "environments"/,
  },
  {
    name: 'promotion.environments as a string',
    files: { 'helmfile.yaml': rel(['promotion:', '  environments: dev', 'environments:', '  dev: {}', '  prod: {}', '---', ...one().trimEnd().split('\n')]) },
    args: ['promote', '--from', 'dev', '--to', 'prod', '--yes'],
    error: /promotion\.environments must be a list of strings/,
    at: 'helmfile.yaml part 1, line 2',
    hint: /environments: \["dev"\]/,
  },
  {
    name: 'promote from an environment that is not defined',
    files: { 'helmfile.yaml': rel(['promotion:', '  environments: [dev, prod]', 'environments:', '  dev: {}', '  prod: {}', '---', ...one().trimEnd().split('\n')]) },
    args: ['promote', '--from', 'qa', '--to', 'prod', '--yes'],
    error: /"qa" is not defined/,
    hint: /dev, prod/,
  },

  // ── values files ───────────────────────────────────────────────────────────
  {
    name: 'a values file with a YAML error',
    files: { 'helmfile.yaml': one(['    values:', '      - values.yaml']), 'values.yaml': 'replicas: 2\nimage: [unclosed\n' },
    args: SYNC,
    error: /malformed YAML in values file: did not find expected ',' or ']'/,
    at: 'values.yaml:2',
    release: 'apps/a',
    hint: /fix the YAML syntax/,
  },
  {
    name: 'a values file that is a list',
    files: { 'helmfile.yaml': one(['    values:', '      - values.yaml']), 'values.yaml': '- a\n- b\n' },
    args: SYNC,
    error: /values file must hold a map of keys, got a list/,
    at: 'values.yaml',
    release: 'apps/a',
    hint: /key: value pairs/,
  },
  {
    name: 'an environment values file with a YAML error',
    files: { 'helmfile.yaml': rel(['environments:', '  default:', '    values:', '      - env.yaml', '---', ...one().trimEnd().split('\n')]), 'env.yaml': 'a: 1\nb: : 2\n' },
    args: SYNC,
    error: /malformed YAML/,
    at: 'env.yaml:2',
    environment: 'default',
    hint: /.+/,
  },
  {
    name: 'a values template that fails',
    files: { 'helmfile.yaml': one(['    values:', '      - values.yaml.gotmpl']), 'values.yaml.gotmpl': 'replicas: 2\nimage: {{ .Values.image.tag }}\n' },
    args: SYNC,
    error: /map has no entry for key "image"/,
    at: 'values.yaml.gotmpl:2',
    release: 'apps/a',
    hint: /fix the template at this line/,
  },
  {
    name: 'a missing secrets file',
    files: { 'helmfile.yaml': one(['    secrets:', '      - secrets.yaml']) },
    args: SYNC,
    error: /secrets file secrets\.yaml does not exist/,
    at: 'helmfile.yaml:6',
    release: 'apps/a',
    hint: /fix the path/,
  },

  // ── release names and namespaces (helm's rules, checked before any write) ──
  {
    name: 'a release name with capitals',
    files: { 'helmfile.yaml': one([], 'Web') },
    args: SYNC,
    error: /release name "Web"/,
    at: 'helmfile.yaml:2',
    release: 'apps/Web',
    hint: /lower case/,
  },
  {
    name: 'a release name with an underscore',
    files: { 'helmfile.yaml': one([], 'my_app') },
    args: SYNC,
    error: /release name "my_app"/,
    at: 'helmfile.yaml:2',
    release: 'apps/my_app',
    hint: /lower case/,
  },
  {
    name: 'a release name of 54 characters',
    files: { 'helmfile.yaml': one([], 'a'.repeat(54)) },
    args: SYNC,
    error: /54 characters.*53/,
    at: 'helmfile.yaml:2',
    release: `apps/${'a'.repeat(54)}`,
    hint: /.+/,
  },
  {
    name: 'a release name ending in a hyphen',
    files: { 'helmfile.yaml': one([], 'web-') },
    args: ['apply'],
    error: /release name "web-"/,
    at: 'helmfile.yaml:2',
    release: 'apps/web-',
    hint: /lower case/,
  },
  {
    name: 'a namespace with capitals',
    files: { 'helmfile.yaml': one([], 'a', 'Apps') },
    args: SYNC,
    error: /namespace "Apps"/,
    at: 'helmfile.yaml:3',
    release: 'Apps/a',
    hint: /lower case/,
  },
  {
    name: 'a namespace with a dot',
    files: { 'helmfile.yaml': one([], 'a', 'team.apps') },
    args: ['apply'],
    error: /namespace "team\.apps"/,
    at: 'helmfile.yaml:3',
    release: 'team.apps/a',
    hint: /lower case/,
  },
  {
    name: 'a namespace of 64 characters',
    files: { 'helmfile.yaml': one([], 'a', 'n'.repeat(64)) },
    args: SYNC,
    error: /64 characters.*63/,
    at: 'helmfile.yaml:3',
    release: `${'n'.repeat(64)}/a`,
    hint: /.+/,
  },
  {
    name: 'a release name rendered invalid by a template',
    files: { 'helmfile.yaml.gotmpl': rel(['releases:', '  - name: {{ "web" }}_{{ "v2" }}', '    namespace: apps', '    chart: ./c']) },
    args: SYNC,
    error: /release name "web_v2"/,
    at: 'helmfile.yaml.gotmpl:2',
    release: 'apps/web_v2',
    hint: /lower case/,
  },
  {
    name: '--namespace with an invalid namespace',
    files: { 'helmfile.yaml': one() },
    args: ['--namespace', 'Team_A', 'sync'],
    error: /namespace "Team_A"/,
    release: 'Team_A/a',
    hint: /--namespace/,
  },
  {
    name: 'an invalid name in the second of two releases (nothing of the first is written)',
    files: { 'helmfile.yaml': rel(['releases:', '  - name: ok', '    namespace: apps', '    chart: ./c', '  - name: not.ok.', '    namespace: apps', '    chart: ./c']) },
    args: SYNC,
    error: /release name "not\.ok\."/,
    at: 'helmfile.yaml:5',
    release: 'apps/not.ok.',
    hint: /lower case/,
  },
  {
    name: 'an invalid release name on destroy',
    files: { 'helmfile.yaml': one([], 'Web') },
    args: ['destroy'],
    error: /release name "Web"/,
    at: 'helmfile.yaml:2',
    release: 'apps/Web',
    hint: /lower case/,
  },
  {
    name: 'a release without a name',
    files: { 'helmfile.yaml': rel(['releases:', '  - namespace: apps', '    chart: ./c']) },
    args: SYNC,
    error: /no name/,
    at: 'helmfile.yaml:2',
    hint: /name:/,
  },
  {
    name: 'two releases with the same name and namespace',
    files: { 'helmfile.yaml': rel(['releases:', '  - name: a', '    namespace: apps', '    chart: ./c', '  - name: a', '    namespace: apps', '    chart: ./c']) },
    args: SYNC,
    error: /apps\/a/,
    at: 'helmfile.yaml:5',
    hint: /.+/,
  },
];
