/**
 * Builds a release's `--values` files, secrets and `--set` flags in Helmfile's order
 * (state.go namespaceAndValuesFlags): values (valuesTemplate entries first, template
 * entries before the release's own), then secrets, then set (setTemplate first),
 * setString and the legacy env sets.
 */
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Deps } from '../ports/index.js';
import { BugError, UserError } from '../errors/index.js';
import { loadGoTemplateRenderer } from '../state/gotemplate-renderer.js';
import { helpersOf } from '../state/load-file.js';
import { isPlainMap } from '../state/merge.js';
import { releaseData } from '../state/release-template.js';
import type { TemplateRenderer } from '../state/renderer.js';
import { environmentData } from '../state/template-data.js';
import type { LoadedState, Release, SetValue } from '../state/types.js';
import { fetchRemote, isRemote } from '../state/remote-source.js';
import { handleMissing, resolveValuesPaths } from '../state/values-entries.js';
import { fieldLocation } from '../state/field-location.js';
import { decodeValuesYaml, encodeValuesYaml } from '../state/values-codec.js';
import { MIN_SECRET_VALUE_LENGTH, secretStringsOf } from '../diff/secret-mask.js';
import { knownSecrets, noteSecret } from '../secrets/registry.js';
import { expandRefsInString, expandRefsInTree, hasRef, type ValsContext } from '../secrets/vals.js';
import { decryptSopsFile } from '../secrets/sops.js';
import { decodeDecryptedValues } from '../state/environment-secrets.js';
import { helmMerge } from './helm-merge.js';
import type { ReleaseValues, ReleaseValuesOptions, SetFlag } from './types.js';

const renderers = new WeakMap<Deps, Promise<TemplateRenderer>>();

function defaultRenderer(deps: Deps): Promise<TemplateRenderer> {
  let r = renderers.get(deps);
  if (!r) {
    r = loadGoTemplateRenderer(deps);
    renderers.set(deps, r);
  }
  return r;
}

/** Helmfile's escape for --set values: `{`, `}` and `,` are literal. */
export function escapeSetValue(v: string): string {
  return v.replace(/\{/g, '\\{').replace(/\}/g, '\\}').replace(/,/g, '\\,');
}

/**
 * The `--set`-family flags of a release spec, in Helmfile's order. With `vals`, `ref+…`
 * references in set/setString values are evaluated first (Helmfile's renderValsSecrets).
 */
export function setFlags(release: Release, env: Readonly<Record<string, string | undefined>>, vals?: ValsContext): SetFlag[] {
  const out: SetFlag[] = [];
  const ref = (v: unknown): string => (vals && typeof v === 'string' ? expandRefsInString(v, vals) : typeof v === 'string' ? v : String(v));
  const one = (s: SetValue, flag: '--set' | '--set-string'): void => {
    const name = escapeSetValue(s.name);
    if (s.value !== undefined && s.value !== '') out.push({ flag, arg: `${name}=${escapeSetValue(ref(s.value))}` });
    else if (s.file) out.push({ flag: '--set-file', arg: `${name}=${isAbsolute(s.file) ? s.file : resolve(release.baseDir, s.file)}` });
    else if (s.values?.length) out.push({ flag, arg: `${name}={${s.values.map((v) => escapeSetValue(typeof v === 'string' ? ref(v) : isPlainMap(v) ? JSON.stringify(v) : String(v))).join(',')}}` });
  };
  // `set` already starts with the rendered setTemplate entries (release-template pass).
  for (const s of release.spec.set ?? []) one(s, '--set');
  for (const s of release.spec.setString ?? []) one(s, '--set-string');
  for (const e of release.spec.env ?? []) {
    const v = env[e.value];
    if (v === undefined) {
      throw new UserError(`release env "${e.name}" reads environment variable ${e.value}, which is not set`, { release: release.id, location: release.source });
    }
    out.push({ flag: '--set', arg: `${escapeSetValue(e.name)}=${escapeSetValue(v)}` });
  }
  return out;
}

/**
 * Per-release values (inventory §3.3 "Release values passed to helm"). `.gotmpl` values
 * files are rendered with release data, inline maps become temp files (0600) removed by
 * `cleanup()`. Missing files follow the release's `missingFileHandler` (default Error).
 * @throws UserError on a missing file (handler Error), a template error or malformed YAML.
 */
export async function buildReleaseValues(release: Release, state: LoadedState, deps: Deps, opts: ReleaseValuesOptions = {}): Promise<ReleaseValues> {
  const file = state.files[release.fileIndex];
  if (!file) throw new BugError(`release ${release.id} points at state file #${release.fileIndex}, which is not loaded`);
  const renderer = opts.renderer ?? (await defaultRenderer(deps));
  let ownDir: string | undefined;
  const created: string[] = [];
  const tempDir = (): string => {
    if (opts.tempDir) return opts.tempDir;
    ownDir ??= deps.fs.mkdtemp('helmsync-values-');
    return ownDir;
  };
  let counter = 0;
  const writeTemp = (text: string, hint: string, ext = '.yaml'): string => {
    const p = join(tempDir(), `${release.name}-${release.namespace || 'default'}-${counter++}-${hint.replace(/[^A-Za-z0-9._-]/g, '_')}${ext}`);
    deps.fs.writeFile(p, text, { mode: 0o600 });
    created.push(p);
    return p;
  };
  const cleanup = (): void => {
    for (const p of created.splice(0)) deps.fs.remove(p);
    if (ownDir) {
      deps.fs.remove(ownDir);
      ownDir = undefined;
    }
  };

  try {
    const env = environmentData(file.environment.name, file.environment.kubeContext, file.environment.values, state.overrides.namespace);
    const data = releaseData({ env, kubeContextOverride: state.overrides.kubeContext, chartOverride: state.overrides.chart }, release.spec);
    const helpers = helpersOf(deps.fs, file.dir);
    const ctx = {
      deps,
      baseDir: release.baseDir,
      missingFileHandler: release.spec.missingFileHandler ?? 'Error',
      location: release.source,
      what: `release ${release.id} values`,
      environment: file.environment.name,
    };
    const files: string[] = [];
    const parsed: unknown[] = [];
    const wantMerge = opts.merge !== false;
    const secretValues: string[] = [];
    const vals: ValsContext = {
      deps,
      baseDir: release.baseDir,
      what: ctx.what,
      release: release.id,
      environment: file.environment.name,
      onSecret: (v) => {
        noteSecret(deps, v);
        if (v.length >= MIN_SECRET_VALUE_LENGTH) secretValues.push(v);
      },
    };
    /** A values text with vals references: evaluated into a 0600 temp file (Helmfile evaluates any file matching `ref+`). */
    const withRefs = (text: string, display: string, hint: string): { path: string; value: unknown } => {
      const value = expandRefsInTree(decodeValuesYaml(text, { file: display }), { ...vals, what: `${ctx.what} (${display})` });
      return { path: writeTemp(encodeValuesYaml(value as Record<string, unknown>), hint), value };
    };
    for (const [i, entry] of (release.spec.values ?? []).entries()) {
      if (typeof entry === 'string') {
        // The entry's own line, unless rendered valuesTemplate entries come first.
        const at = release.spec.valuesTemplate?.length ? release.source : fieldLocation(release, `values[${i}]`);
        for (const abs of resolveValuesPaths({ ...ctx, location: at }, entry)) {
          if (abs.endsWith('.gotmpl')) {
            let text: string;
            try {
              // The values file's own directory is the base path (Helmfile's RenderValuesFileToBytes).
              text = renderer.render(deps.fs.readFile(abs), data, { name: entry, basePath: dirname(abs), helpers });
            } catch (e) {
              if (e instanceof UserError) throw e;
              const m = /:(\d+)(?::\d+)?:/.exec((e as Error).message);
              throw new UserError(`failed to render values file ${entry}: ${(e as Error).message}`, {
                location: { file: entry, ...(m ? { line: Number(m[1]) } : {}) },
                release: release.id,
                environment: file.environment.name,
                hint: 'fix the template at this line (a missing key? use default, or define it in the values it reads)',
                cause: e,
              });
            }
            if (hasRef(text)) {
              const r = withRefs(text, `${entry} (rendered)`, basename(abs).replace(/\.gotmpl$/, ''));
              files.push(r.path);
              if (wantMerge) parsed.push(r.value);
              continue;
            }
            files.push(writeTemp(text, basename(abs).replace(/\.gotmpl$/, '')));
            if (wantMerge) parsed.push(decodeValuesYaml(text, { file: `${entry} (rendered)` }));
          } else {
            const text = deps.fs.readFile(abs);
            if (hasRef(text)) {
              const r = withRefs(text, entry, basename(abs));
              files.push(r.path);
              if (wantMerge) parsed.push(r.value);
              continue;
            }
            files.push(abs);
            if (wantMerge) parsed.push(decodeValuesYaml(text, { file: entry }));
          }
        }
      } else if (isPlainMap(entry)) {
        const value = expandRefsInTree(entry, vals) as Record<string, unknown>;
        files.push(writeTemp(encodeValuesYaml(value), 'values'));
        if (wantMerge) parsed.push(value);
      }
    }
    const secrets: string[] = [];
    const decrypt = opts.decryptSecrets !== false;
    for (const [i, entry] of (release.spec.secrets ?? []).entries()) {
      let abs: string;
      let display: string;
      if (typeof entry === 'string') {
        abs = isRemote(entry)
          ? fetchRemote(deps, entry, { what: `${ctx.what} secrets`, location: release.source, environment: file.environment.name })
          : isAbsolute(entry) ? entry : resolve(release.baseDir, (release.spec.valuesPathPrefix ?? '') + entry);
        display = entry;
        if (!deps.fs.exists(abs)) {
          handleMissing(deps, ctx.missingFileHandler, `${ctx.what}: secrets file ${entry} does not exist (looked at ${abs})`, fieldLocation(release, `secrets[${i}]`), file.environment.name);
          continue;
        }
      } else if (isPlainMap(entry)) {
        // Helmfile writes an inline entry to a .yaml.enc file and decrypts that (it holds sops metadata).
        abs = writeTemp(encodeValuesYaml(entry), 'secrets', '.yaml.enc');
        display = `inline secrets of ${release.id}`;
      } else continue;
      if (!decrypt) {
        secrets.push(abs);
        continue;
      }
      const sctx = { display, location: release.source, release: release.id, environment: file.environment.name };
      const text = await decryptSopsFile(deps, abs, sctx);
      const value = decodeDecryptedValues(text, display, sctx);
      // helm-secrets semantics: the plaintext only in a 0600 temp file, removed by cleanup().
      secrets.push(writeTemp(encodeValuesYaml(value), `${basename(display)}.dec`));
      secretValues.push(...secretStringsOf(value));
      if (wantMerge) parsed.push(value);
    }
    const merged = wantMerge ? (parsed.reduce((acc, v) => helmMerge(acc, v), {}) as Record<string, unknown>) : {};
    for (const v of secretStringsOf(file.environment.secrets ?? {})) secretValues.push(v);
    const sets = setFlags(release, deps.env, vals);
    return { files, secrets, secretValues: [...new Set([...secretValues, ...knownSecrets(deps)])].sort(), sets, merged, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
