/**
 * Shell completion as a user gets it: the scripts `helmsync completion SHELL`
 * prints (and `helmsync autocomplete` writes) are loaded into the real shells
 * and asked for candidates with the BUILT CLI on PATH as `helmsync`:
 * - bash: the completion function called as bash calls it (COMP_LINE, COMP_POINT,
 *   COMP_WORDS, COMP_CWORD), and once typed into an interactive bash with TAB;
 * - zsh: typed into an interactive zsh (compinit) in tmux, TAB, screen read back;
 * - fish: `complete -C`, fish's own "what would TAB offer" for a command line.
 * Environment names and release names come from the releases file in the
 * current directory (or -f), and change with it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binRun, runCli, sandbox, type Sandbox } from '../support/cli.js';

const FILE = `environments:
  staging: {}
  prod:
    values:
      - replicas: 3
---
releases:
  - name: web
    namespace: apps
    chart: ./chart
    labels: {tier: frontend}
  - name: api
    namespace: apps
    chart: ./chart
{{- if eq .Environment.Name "prod" }}
  - name: audit
    namespace: ops
    chart: ./chart
{{- end }}
`;

let sb: Sandbox;
let dir: string;
let env: Record<string, string>;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  sb = sandbox('helmsync-completion-');
  dir = join(sb.dir, 'work');
  mkdirSync(join(dir, 'other'), { recursive: true });
  writeFileSync(join(dir, 'helmfile.yaml.gotmpl'), FILE);
  writeFileSync(join(dir, 'other', 'helmfile.yaml'), 'environments:\n  dev: {}\n  qa: {}\n---\nreleases:\n  - name: solo\n    chart: ./c\n');
  const bin = join(sb.dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'helmsync'), `#!/bin/sh\nexec '${process.execPath}' '${binRun}' "$@"\n`);
  chmodSync(join(bin, 'helmsync'), 0o755);
  env = { ...sb.env, PATH: `${bin}:${process.env.PATH}` };
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runCli(['completion', shell], { env: sb.env });
    expect({ code: r.exitCode, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    scripts[shell] = join(sb.dir, `completion.${shell}`);
    writeFileSync(scripts[shell]!, r.stdout);
  }
}, 60_000);
afterAll(() => sb?.cleanup());

/** Calls the bash completion function the way bash does for `line` (cursor at its end). */
function bashComplete(line: string, cwd = dir): string[] {
  // COMP_WORDS as bash splits them: blanks separate words, = and : are words of their own.
  const words = line.split(/\s+/).flatMap((w) => w.split(/([=:])/).filter((x) => x !== ''));
  if (/\s$/.test(line) || line === '') words.push('');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const prog = [
    `source ${q(scripts.bash!)}`,
    `COMP_LINE=${q(line)}; COMP_POINT=\${#COMP_LINE}`,
    `COMP_WORDS=(${words.map(q).join(' ')}); COMP_CWORD=${words.length - 1}`,
    `_helmsync_complete helmsync ${q(words[words.length - 1]!)} ${q(words[words.length - 2] ?? '')}`,
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join('\n');
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', prog], { cwd, env, encoding: 'utf8' });
  return out.split('\n').filter(Boolean).sort();
}

function fishComplete(line: string, cwd = dir): string[] {
  const out = execFileSync('fish', ['--no-config', '-c', `source '${scripts.fish}'; complete -C '${line.replace(/'/g, "\\'")}'`], { cwd, env, encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0]!)
    .sort();
}

describe('completion scripts', () => {
  it('are valid bash, zsh and fish, and bash and zsh build on @oclif/plugin-autocomplete', () => {
    execFileSync('bash', ['-n', scripts.bash!]);
    execFileSync('zsh', ['-n', scripts.zsh!]);
    execFileSync('fish', ['--no-execute', scripts.fish!]);
    const bash = readFileSync(scripts.bash!, 'utf8');
    expect(bash).toContain('_helmsync_autocomplete()'); // the plugin's function
    expect(bash).toMatch(/complete -o default -F _helmsync_complete helmsync\n$/);
    expect(readFileSync(scripts.zsh!, 'utf8')).toContain('{-e,--environment}"[Environment to load (default \\\\\\"default\\\\\\").]:environment:_helmsync_flag_values --environment"');
  });

  it('helmsync autocomplete (the plugin) writes the same scripts into its cache', async () => {
    const r = await runCli(['autocomplete', 'bash'], { env: sb.env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('helmsync autocomplete script bash');
    const cache = join(sb.env.HOME!, '.cache', 'helmsync', 'autocomplete', 'functions');
    expect(readFileSync(join(cache, 'bash', 'helmsync.bash'), 'utf8')).toBe(readFileSync(scripts.bash!, 'utf8'));
    expect(readFileSync(join(cache, 'zsh', '_helmsync'), 'utf8')).toBe(readFileSync(scripts.zsh!, 'utf8'));
  });
});

describe('bash', () => {
  it('completes commands and flags (the plugin) and closed option sets', () => {
    expect(bashComplete('helmsync stat')).toEqual(['status']);
    expect(bashComplete('helmsync status --outp')).toEqual(['--output']);
    expect(bashComplete('helmsync status --output ')).toEqual(['json', 'table']);
    expect(bashComplete('helmsync diff --output j')).toEqual(['json']);
    // Global flags before the command, as Helmfile takes them.
    expect(bashComplete('helmsync -e prod list --output ')).toEqual(['json', 'table']);
  });

  it('completes -e with the environments of the releases file in the current directory, or of -f', () => {
    expect(bashComplete('helmsync diff -e ')).toEqual(['prod', 'staging']);
    expect(bashComplete('helmsync -e p')).toEqual(['prod']);
    expect(bashComplete('helmsync diff --environment=st')).toEqual(['staging']);
    expect(bashComplete('helmsync diff -f other/helmfile.yaml -e ')).toEqual(['dev', 'qa']);
    expect(bashComplete('helmsync diff -e ', join(dir, 'other'))).toEqual(['dev', 'qa']);
  });

  it('completes -l name= with the releases of the environment given on the line', () => {
    expect(bashComplete('helmsync diff -l name=')).toEqual(['api', 'web']);
    expect(bashComplete('helmsync diff -e prod -l name=')).toEqual(['api', 'audit', 'web']);
    expect(bashComplete('helmsync diff -e prod -l name=a')).toEqual(['api', 'audit']);
    expect(bashComplete('helmsync diff -l ti')).toEqual(['tier=frontend']);
    // After a comma, the pairs already typed are kept and not offered again.
    expect(bashComplete('helmsync diff -l tier=frontend,name=w')).toEqual(['web']);
    expect(bashComplete('helmsync diff --selector=name=w')).toEqual(['web']);
  });

  it('a releases file that does not load gives no candidates and prints nothing', async () => {
    const broken = join(sb.dir, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'helmfile.yaml'), 'releases:\n  - name: [x\n');
    expect(bashComplete('helmsync diff -e ', broken)).toEqual([]);
    const r = await runCli(['__complete', '--', 'diff', '-l', 'name='], { cwd: broken, env: sb.env });
    expect(r).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });
});

describe('fish', () => {
  it('completes commands, flags, option sets, environments and release names', () => {
    expect(fishComplete('helmsync stat')).toEqual(['status']);
    expect(fishComplete('helmsync status --outp')).toEqual(['--output']);
    expect(fishComplete('helmsync status --output ')).toEqual(['json', 'table']);
    expect(fishComplete('helmsync diff -e ')).toEqual(['prod', 'staging']);
    expect(fishComplete('helmsync diff -e prod -l name=')).toEqual(['name=api', 'name=audit', 'name=web']);
    expect(fishComplete('helmsync diff -l name=')).toEqual(['name=api', 'name=web']);
    expect(fishComplete('helmsync diff -f other/helmfile.yaml -e ')).toEqual(['dev', 'qa']);
  });
});

/** An interactive shell in tmux (own socket): type `line`, press TAB, read the screen. */
async function typeTab(shell: 'bash' | 'zsh', line: string, tabs = 1): Promise<string> {
  const socket = `hs-complete-${process.pid}-${shell}-${Math.random().toString(36).slice(2, 8)}`;
  const rc = join(sb.dir, `${shell}rc`);
  writeFileSync(rc, shell === 'zsh' ? `autoload -Uz compinit && compinit -u\nsource '${scripts.zsh}'\nPS1='$ '\n` : `source '${scripts.bash}'\nPS1='$ '\n`);
  const tmux = (args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env });
  const argv = shell === 'zsh' ? ['zsh', '-f', '-i'] : ['bash', '--norc', '--noprofile', '-i'];
  tmux(['new-session', '-d', '-x', '150', '-y', '30', '-c', dir, ...argv]);
  try {
    const screen = () => tmux(['capture-pane', '-p', '-t', '0']);
    const waitFor = async (pred: (s: string) => boolean, ms = 20_000) => {
      const end = Date.now() + ms;
      for (;;) {
        const s = screen();
        if (pred(s) || Date.now() > end) return s;
        await new Promise((res) => setTimeout(res, 200));
      }
    };
    tmux(['send-keys', '-t', '0', `source '${rc}'; clear`, 'Enter']);
    await waitFor((s) => /^\$\s*$/m.test(s));
    tmux(['send-keys', '-t', '0', '-l', line]);
    const before = await waitFor((s) => s.includes(line));
    for (let i = 0; i < tabs; i++) {
      tmux(['send-keys', '-t', '0', 'Tab']);
      await new Promise((res) => setTimeout(res, 300));
    }
    // The candidates take a node start-up to arrive: wait until the screen changes and settles.
    let last = await waitFor((s) => s !== before, 10_000);
    for (;;) {
      await new Promise((res) => setTimeout(res, 500));
      const now = screen();
      if (now === last) return now;
      last = now;
    }
  } finally {
    tmux(['kill-server']);
  }
}

describe('interactive shells (tmux)', () => {
  it('zsh: TAB after -e lists the environments; after -l name=au it completes the release', async () => {
    expect(await typeTab('zsh', 'helmsync diff -e ')).toMatch(/^prod\s+staging\s*$/m);
    expect(await typeTab('zsh', 'helmsync diff -e prod -l name=au')).toMatch(/^\$ helmsync diff -e prod -l name=audit\s*$/m);
    expect(await typeTab('zsh', 'helmsync diff -l name=a')).toMatch(/^\$ helmsync diff -l name=api\s*$/m);
  });

  it('bash: TAB after -l name=w completes the release in the line; TAB TAB after -e lists the environments', async () => {
    expect(await typeTab('bash', 'helmsync diff -l name=w')).toMatch(/^\$ helmsync diff -l name=web\s*$/m);
    expect(await typeTab('bash', 'helmsync diff -e ', 2)).toMatch(/^prod\s+staging\s*$/m);
  });
});
