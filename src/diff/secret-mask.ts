/**
 * Secret masking, applied before anything is rendered so no output format can
 * leak a value: Secret `data`/`stringData` values, and any string holding a
 * value the releases file flags as secret, become `<secret: N bytes>`. When
 * both sides hold a value and they differ, the new side says `, changed`, so
 * a diff still shows WHICH key changed (and its sizes) but never the value.
 * helm-diff's `--show-secrets` is `showSecrets` here.
 */
import type { ResourceKey } from './types.js';

export interface MaskOptions {
  /** Reveal everything (`--show-secrets`). */
  showSecrets?: boolean;
  /**
   * Literal values that must never be printed (values from `secrets:` files,
   * `--set` of secret values…): any string containing one is masked. Empty
   * strings are ignored.
   */
  secretValues?: readonly string[];
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The placeholder shown instead of a secret value. */
export function secretPlaceholder(value: unknown, opts: { base64?: boolean; changed?: boolean } = {}): string {
  const bytes = secretSize(value, opts.base64 ?? false);
  return `<secret: ${bytes} byte${bytes === 1 ? '' : 's'}${opts.changed ? ', changed' : ''}>`;
}

function secretSize(value: unknown, base64: boolean): number {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  if (base64 && /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0) return Buffer.from(s, 'base64').length;
  return Buffer.byteLength(s, 'utf8');
}

function isSecretKind(key: Pick<ResourceKey, 'group' | 'kind'>): boolean {
  return key.group === '' && key.kind === 'Secret';
}

/** How a path of an object of this key is treated: not secret, secret base64 (`data`), secret text. */
function pathSecrecy(key: Pick<ResourceKey, 'group' | 'kind'>, path: readonly string[]): 'no' | 'base64' | 'text' {
  if (!isSecretKind(key)) return 'no';
  if (path.length >= 2 && path[0] === 'data') return 'base64';
  if (path.length >= 2 && path[0] === 'stringData') return 'text';
  // The last-applied annotation of a Secret repeats its data in clear.
  if (path.length === 3 && path[0] === 'metadata' && path[1] === 'annotations' && path[2] === LAST_APPLIED) return 'text';
  return 'no';
}

function holdsSecretValue(v: unknown, values: readonly string[]): boolean {
  return typeof v === 'string' && values.some((s) => s !== '' && v.includes(s));
}

/**
 * Masks a pair of versions of one object (either side may be undefined).
 * Returns deep copies; the inputs are left alone. `masked` says whether any
 * value was replaced.
 */
export function maskPair(
  key: Pick<ResourceKey, 'group' | 'kind'>,
  before: unknown,
  after: unknown,
  opts: MaskOptions,
): { before: unknown; after: unknown; masked: boolean } {
  if (opts.showSecrets) return { before, after, masked: false };
  const state = { masked: false };
  const values = opts.secretValues ?? [];
  const [b, a] = walk(key, before, after, [], values, state);
  return { before: b, after: a, masked: state.masked };
}

/** Masks one object on its own (an added or removed object, a live object). */
export function maskOne(key: Pick<ResourceKey, 'group' | 'kind'>, obj: unknown, opts: MaskOptions): unknown {
  return maskPair(key, obj, undefined, opts).before;
}

function walk(
  key: Pick<ResourceKey, 'group' | 'kind'>,
  before: unknown,
  after: unknown,
  path: string[],
  values: readonly string[],
  state: { masked: boolean },
): [unknown, unknown] {
  const secrecy = pathSecrecy(key, path);
  const bObj = typeof before === 'object' && before !== null;
  const aObj = typeof after === 'object' && after !== null;
  if (secrecy !== 'no' && !bObj && !aObj) {
    const base64 = secrecy === 'base64';
    state.masked ||= before !== undefined || after !== undefined;
    const changed = before !== undefined && after !== undefined && before !== after;
    return [
      before === undefined ? undefined : secretPlaceholder(before, { base64 }),
      after === undefined ? undefined : secretPlaceholder(after, { base64, changed }),
    ];
  }
  if (!bObj && !aObj) {
    if (holdsSecretValue(before, values) || holdsSecretValue(after, values)) {
      state.masked = true;
      const changed = before !== undefined && after !== undefined && before !== after;
      return [
        before === undefined ? undefined : secretPlaceholder(before),
        after === undefined ? undefined : secretPlaceholder(after, { changed }),
      ];
    }
    return [before, after];
  }
  const bList = Array.isArray(before);
  const aList = Array.isArray(after);
  const bMap = bObj && !bList;
  const aMap = aObj && !aList;
  // Same shape on both sides (or one side absent): walk them together.
  if ((bList || before === undefined) && (aList || after === undefined)) {
    const bl = (before as unknown[] | undefined) ?? [];
    const al = (after as unknown[] | undefined) ?? [];
    const ob: unknown[] = [];
    const oa: unknown[] = [];
    for (let i = 0; i < Math.max(bl.length, al.length); i++) {
      const [x, y] = walk(key, bl[i], al[i], [...path, String(i)], values, state);
      if (i < bl.length) ob.push(x);
      if (i < al.length) oa.push(y);
    }
    return [bList ? ob : undefined, aList ? oa : undefined];
  }
  if ((bMap || before === undefined) && (aMap || after === undefined)) {
    const bo = (before as Record<string, unknown> | undefined) ?? {};
    const ao = (after as Record<string, unknown> | undefined) ?? {};
    const ob: Record<string, unknown> = {};
    const oa: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(bo), ...Object.keys(ao)])) {
      const [x, y] = walk(key, bo[k], ao[k], [...path, k], values, state);
      if (k in bo) ob[k] = x;
      if (k in ao) oa[k] = y;
    }
    // Keep each side's own key order so the YAML reads as its manifest did.
    return [bMap ? reorder(ob, bo) : undefined, aMap ? reorder(oa, ao) : undefined];
  }
  // The shape changed (map ↔ list ↔ scalar): mask each side on its own.
  return [walk(key, before, undefined, path, values, state)[0], walk(key, undefined, after, path, values, state)[1]];
}

function reorder(obj: Record<string, unknown>, like: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(like)) if (k in obj) out[k] = obj[k];
  return out;
}

/** Shorter values are not searched for: they would mask unrelated text (`on`, `1`, `dev`). */
export const MIN_SECRET_VALUE_LENGTH = 4;

/**
 * Every string leaf of a values tree that must never be printed, e.g. the
 * decrypted `secrets:` files of a release, for {@link MaskOptions.secretValues}.
 * Numbers and booleans are left out, and so are strings shorter than
 * {@link MIN_SECRET_VALUE_LENGTH} (Secret objects are masked whatever their size).
 */
export function secretStringsOf(values: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= MIN_SECRET_VALUE_LENGTH) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(values);
  return [...out].sort();
}

/**
 * A values tree with every leaf that `secrets` (decrypted values, same shape)
 * set replaced by its placeholder — where the tree still holds the secret's
 * value (a later layer may have overridden it). Used for `build`'s
 * `renderedvalues`. Returns a copy.
 */
export function maskSecretLeaves(values: unknown, secrets: unknown): unknown {
  if (secrets === undefined) return values;
  if (typeof secrets === 'object' && secrets !== null && !Array.isArray(secrets) && typeof values === 'object' && values !== null && !Array.isArray(values)) {
    const out: Record<string, unknown> = { ...(values as Record<string, unknown>) };
    for (const [k, s] of Object.entries(secrets as Record<string, unknown>)) {
      if (k in out) out[k] = maskSecretLeaves(out[k], s);
    }
    return out;
  }
  return JSON.stringify(values) === JSON.stringify(secrets) ? secretPlaceholder(typeof values === 'string' ? values : JSON.stringify(values)) : values;
}

/** A copy of a tree with every string leaf that holds one of `strings` replaced by its placeholder. */
export function maskSecretStrings<T>(tree: T, strings: readonly string[]): T {
  if (!strings.length) return tree;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return holdsSecretValue(v, strings) ? secretPlaceholder(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(tree) as T;
}
