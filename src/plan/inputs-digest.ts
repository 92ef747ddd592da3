/**
 * The inputs digest of a release: one hash of everything that decides the
 * manifest `helm template` renders for it, stored with each revision helmsync
 * installs or upgrades as the release label `helmsync.dev/inputs`, so a later
 * diff/apply whose digest matches (and whose release is `deployed` at that
 * revision) can skip rendering and use the stored manifest (the fast path).
 *
 * What is hashed: the exact `helm template` argv the run would execute (so
 * every flag that changes rendering is in: name, namespace, kube/API
 * versions, post-renderer, --args, --set…), with every argument naming a file
 * or directory replaced by the digest of its content (values files, even
 * temporary ones, --set-file files, the chart directory or archive), plus the
 * helm version and helmsync's rendering version. `--is-upgrade` is left out:
 * the install renders without it and every later diff with it, and charts
 * that read `.Release.IsUpgrade`/`IsInstall`/`Revision` always render.
 *
 * The label value is `<40 hex>.r<revision>`: the revision it was written for.
 * helm copies custom labels to the next revision of a plain `helm upgrade` or
 * `helm rollback`, so a label whose revision is not the release's current one
 * proves nothing and is ignored.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { FileSystem } from '../ports/index.js';

/** The release label key. */
export const INPUTS_LABEL = 'helmsync.dev/inputs';

/** Bumped whenever helmsync changes how it renders (values merging, argv): old digests stop matching. */
export const RENDERING_VERSION = '1';

/** Template functions whose output differs between two renders (or depends on the cluster). */
const UNSTABLE_FUNCTIONS = [
  'lookup',
  'now',
  'date',
  'dateInZone',
  'unixEpoch',
  'randAlphaNum',
  'randAlpha',
  'randNumeric',
  'randAscii',
  'randBytes',
  'randInt',
  'uuidv4',
  'shuffle',
  'genCA',
  'genCAWithKey',
  'genSelfSignedCert',
  'genSelfSignedCertWithKey',
  'genSignedCert',
  'genSignedCertWithKey',
  'genPrivateKey',
  'htpasswd',
  'bcrypt',
  'getHostByName',
];
const UNSTABLE_RE = new RegExp(`(?<![\\w.$])(${UNSTABLE_FUNCTIONS.join('|')})(?![\\w])`);
/** Release facts that differ between the install, the upgrades and a render for diff. */
const REVISION_RE = /\.Release\.(IsUpgrade|IsInstall|Revision)(?!\w)/;
const ACTION_RE = /\{\{[\s\S]*?\}\}/g;

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Per-run memo of content digests and scans (100 releases of one chart hash it once). */
export class ContentHasher {
  private readonly trees = new Map<string, string>();
  private readonly files = new Map<string, string>();
  private readonly unstable = new Map<string, string | undefined>();

  constructor(private readonly fs: FileSystem) {}

  file(path: string): string {
    let h = this.files.get(path);
    if (h === undefined) {
      h = sha256(this.fs.readBytes(path));
      this.files.set(path, h);
    }
    return h;
  }

  /**
   * A directory's files (relative path + content), sorted. With a Chart.lock
   * the dependency archives in charts/ are left out: the lock pins them, and
   * a fresh checkout where `helm dependency build` has not run yet must hash
   * the same as the built one.
   */
  tree(dir: string): string {
    let h = this.trees.get(dir);
    if (h !== undefined) return h;
    const hash = createHash('sha256');
    const locked = this.fs.exists(join(dir, 'Chart.lock'));
    const walk = (abs: string, rel: string): void => {
      for (const e of this.fs.readDir(abs)) {
        if (e.name === '.git') continue;
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDir) walk(join(abs, e.name), r);
        else if (e.isFile) {
          if (locked && /^charts\/[^/]+\.tgz$/.test(r)) continue;
          hash.update(`${r}\0${this.file(join(abs, e.name))}\n`);
        }
      }
    };
    walk(dir, '');
    h = hash.digest('hex');
    this.trees.set(dir, h);
    return h;
  }

  /** The digest of what a path holds ('' when it is neither file nor directory). */
  path(p: string): string {
    const st = this.fs.stat(p);
    if (!st) return '';
    return st.isDir ? `dir:${this.tree(p)}` : st.isFile ? `file:${this.file(p)}` : '';
  }

  /**
   * The first template function of a chart (directory or .tgz, subcharts
   * included) that makes its rendering unrepeatable, e.g. `lookup`; undefined
   * when there is none.
   */
  unstableFunction(chart: string): string | undefined {
    if (this.unstable.has(chart)) return this.unstable.get(chart);
    const st = this.fs.stat(chart);
    let found: string | undefined;
    if (st?.isDir) found = this.scanDir(chart);
    else if (st?.isFile && /\.t(ar\.)?gz$/.test(chart)) found = scanArchive(this.fs.readBytes(chart));
    this.unstable.set(chart, found);
    return found;
  }

  private scanDir(dir: string): string | undefined {
    for (const e of this.fs.readDir(dir)) {
      const p = join(dir, e.name);
      if (e.isDir) {
        if (e.name === '.git') continue;
        const f = this.scanDir(p);
        if (f) return f;
      } else if (e.isFile) {
        const f = /\.t(ar\.)?gz$/.test(e.name) ? scanArchive(this.fs.readBytes(p)) : /\.(ya?ml|tpl|txt|json)$/.test(e.name) ? scanText(this.fs.readFile(p)) : undefined;
        if (f) return f;
      }
    }
    return undefined;
  }
}

/** The unstable function a template text calls inside an action, if any. */
export function scanText(text: string): string | undefined {
  if (!text.includes('{{')) return undefined;
  for (const m of text.matchAll(ACTION_RE)) {
    // Comments ({{/* … */}}) call nothing.
    const body = m[0].replace(/\/\*[\s\S]*?\*\//g, '');
    const hit = UNSTABLE_RE.exec(body) ?? REVISION_RE.exec(body);
    if (hit) return hit[0];
  }
  return undefined;
}

function field(buf: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && buf[end] !== 0) end++;
  return Buffer.from(buf.subarray(off, end)).toString('utf8');
}

/** Scans the templates of a chart archive (and of archives inside it). */
export function scanArchive(archive: Uint8Array): string | undefined {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(archive);
  } catch {
    return undefined;
  }
  let off = 0;
  let longName: string | undefined;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const name = longName ?? field(header, 0, 100);
    longName = undefined;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const body = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = /\d+ path=([^\n]*)\n/.exec(Buffer.from(body).toString('utf8'))?.[1];
      continue;
    }
    if (type === 'L') {
      longName = Buffer.from(body).toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type !== '0' && type !== '\0') continue;
    const f = /\.t(ar\.)?gz$/.test(name) ? scanArchive(body) : /\.(ya?ml|tpl|txt|json)$/.test(name) ? scanText(Buffer.from(body).toString('utf8')) : undefined;
    if (f) return f;
  }
  return undefined;
}

export interface InputsDigestInput {
  /** The `helm template` argv the run renders the release with. */
  argv: readonly string[];
  /** `helm version` as printed (v4.1.4+g…). */
  helmVersion: string;
  /** Arguments that are paths relative to this directory (helm's cwd). */
  cwd: string;
}

/** Resolves a path-looking argument against helm's cwd. */
function asPath(arg: string, cwd: string): string | undefined {
  if (arg.startsWith('/')) return arg;
  if (arg.startsWith('./') || arg.startsWith('../')) return join(cwd, arg);
  return undefined;
}

/** The digest (hex) of a release's rendering inputs. */
export function inputsDigest(input: InputsDigestInput, hasher: ContentHasher): string {
  const h = createHash('sha256');
  h.update(`helmsync-rendering ${RENDERING_VERSION}\nhelm ${input.helmVersion}\n`);
  input.argv.forEach((arg, i) => {
    // The install renders without it, every later diff with it; charts that read it always render (scanText).
    if (arg === '--is-upgrade') return;
    // argv[2] is the chart: a directory or archive as written (`charts/app`), or a remote reference.
    const p = asPath(arg, input.cwd) ?? (i === 2 ? join(input.cwd, arg) : undefined);
    const content = p ? hasher.path(p) : '';
    if (content) {
      h.update(`<${content}>\n`);
      return;
    }
    // --set-file key=path: the file's content, not its name.
    const eq = arg.indexOf('=');
    const fp = eq > 0 ? asPath(arg.slice(eq + 1), input.cwd) : undefined;
    const fc = fp ? hasher.path(fp) : '';
    h.update(fc ? `${arg.slice(0, eq)}=<${fc}>\n` : `${JSON.stringify(arg)}\n`);
  });
  return h.digest('hex').slice(0, 40);
}

/** The label value written with revision `revision`: `<digest>.r<revision>`. */
export function inputsLabelValue(digest: string, revision: number): string {
  return `${digest}.r${revision}`;
}

/** True when the stored label says the release's current revision was made from exactly these inputs. */
export function labelMatches(label: string | undefined, digest: string, revision: number): boolean {
  return label === inputsLabelValue(digest, revision);
}
