/**
 * What a promotion would change (issue 12, step 1): every key the `promotion:`
 * patterns name, as the source environment resolves it, compared with the
 * target environment's value; only differences are proposed.
 *
 * A glob segment that matches a release's name ties the key to that release
 * (`apps.*.imageTag` → `apps.web.imageTag` moves with release `web`); a key
 * without such a segment moves with every promotion (whatever releases are
 * selected). `promotion.releases.<name>.values` ties keys to a release by name.
 */
import { UserError } from '../errors/index.js';
import { isPlainMap } from '../state/merge.js';
import type { LoadedState, LoadedStateFile, Release } from '../state/types.js';
import type { KeyPattern, PromotionConfig } from './config.js';
import { formatPath, getAt, sameValue, type PathSegment } from './values-path.js';

/** One proposed change of one key in one state file's target environment. */
export interface PromotionItem {
  /** Unique in the proposal: `<key>` or `<state file>#<key>` when several files take part. */
  id: string;
  /** The release the key is tied to (by name); undefined: moves with every selected release. */
  release?: string;
  path: PathSegment[];
  /** `apps.web.imageTag`. */
  key: string;
  /** The source environment's value (what the target gets). */
  value: unknown;
  /** The target environment's current value; undefined when it does not set the key. */
  current: unknown;
  currentSet: boolean;
  /** The target state file (index into the target state's files). */
  fileIndex: number;
  pattern: KeyPattern;
}

export interface Proposal {
  items: PromotionItem[];
  /** Target releases taking part (selected in both environments), in target run order. */
  releases: Release[];
}

export interface ProposalInput {
  config: PromotionConfig;
  source: LoadedState;
  target: LoadedState;
  /** Positional release arguments (`name` or `namespace/name`); all selected when empty. */
  only?: readonly string[];
}

interface Leaf {
  path: PathSegment[];
  /** Keys (or indexes) the glob segments matched, in order. */
  matched: string[];
}

/** Expands a pattern against a values tree into the scalar (and list) leaves it names. */
export function expandPattern(segments: KeyPattern['segments'], root: unknown): Leaf[] {
  const out: Leaf[] = [];
  const walk = (node: unknown, i: number, path: PathSegment[], matched: string[]): void => {
    if (i === segments.length) {
      flatten(node, path, matched, out);
      return;
    }
    const seg = segments[i]!;
    if (isPlainMap(node)) {
      if ('literal' in seg) {
        if (Object.hasOwn(node, seg.literal)) walk(node[seg.literal], i + 1, [...path, seg.literal], matched);
      } else {
        for (const k of Object.keys(node).sort()) if (seg.glob.test(k)) walk(node[k], i + 1, [...path, k], [...matched, k]);
      }
    } else if (Array.isArray(node)) {
      if ('literal' in seg) {
        const n = /^\d+$/.test(seg.literal) ? Number(seg.literal) : -1;
        if (n >= 0 && n < node.length) walk(node[n], i + 1, [...path, n], matched);
      } else {
        node.forEach((x, n) => {
          if (seg.glob.test(String(n))) walk(x, i + 1, [...path, n], [...matched, String(n)]);
        });
      }
    }
  };
  walk(root, 0, [], []);
  return out;
}

/** A map stands for its keys: each scalar (or list) below it is a leaf of its own. */
function flatten(node: unknown, path: PathSegment[], matched: string[], out: Leaf[]): void {
  if (isPlainMap(node) && Object.keys(node).length > 0) {
    for (const k of Object.keys(node)) flatten(node[k], [...path, k], matched, out);
    return;
  }
  out.push({ path, matched });
}

/** `name` or `namespace/name` matches a release. */
function matchesArg(r: Release, arg: string): boolean {
  return arg.includes('/') ? `${r.namespace}/${r.name}` === arg || r.id === arg : r.name === arg;
}

/**
 * The same release in another environment's state: same releases file, same
 * name (namespaces are often templated per environment); when a file holds
 * the name twice, the same id.
 */
export function counterpart(other: LoadedState, from: LoadedState, r: Release): Release | undefined {
  const abs = from.files[r.fileIndex]!.absPath;
  const named = other.selected.filter((x) => x.name === r.name && other.files[x.fileIndex]!.absPath === abs);
  return named.length === 1 ? named[0] : named.find((x) => x.id === r.id);
}

/** The proposal: every difference, in pattern order then key order. */
export function buildProposal(input: ProposalInput): Proposal {
  const { config, source, target } = input;
  let releases = target.selected.filter((r) => counterpart(source, target, r) !== undefined);
  if (input.only?.length) {
    const unknown = input.only.filter((a) => !releases.some((r) => matchesArg(r, a)));
    releases = releases.filter((r) => input.only!.some((a) => matchesArg(r, a)));
    if (!releases.length || unknown.length) {
      throw new UserError(`no release named ${unknown.join(', ')} is selected in both ${source.environmentName} and ${target.environmentName}`, {
        exitCode: 3,
        hint: `selected: ${target.selected.map((r) => `${r.namespace}/${r.name}`).join(', ') || 'none'}; check the names and the -l selectors`,
      });
    }
  }
  const files = [...new Set(releases.map((r) => r.fileIndex))];
  const multi = files.length > 1;
  const items: PromotionItem[] = [];
  const seen = new Set<string>();
  for (const fi of files) {
    const tf = target.files[fi]!;
    const sf = source.files.find((f) => f.absPath === tf.absPath);
    if (!sf) continue;
    const names = new Set([...tf.releases, ...sf.releases].map((r) => r.name));
    const selectedNames = new Set(releases.filter((r) => r.fileIndex === fi).map((r) => r.name));
    for (const pattern of config.patterns) {
      for (const leaf of expandPattern(pattern.segments, sf.environment.values)) {
        const tied = pattern.release ?? leaf.matched.find((m) => names.has(m));
        if (tied !== undefined && !selectedNames.has(tied)) continue;
        const key = formatPath(leaf.path);
        const id = multi ? `${tf.path}#${key}` : key;
        if (seen.has(id)) continue;
        seen.add(id);
        const value = getAt(sf.environment.values, leaf.path);
        const current = getAt(tf.environment.values, leaf.path);
        if (!value.found) continue;
        if (current.found && sameValue(value.value, current.value)) continue;
        items.push({
          id,
          ...(tied !== undefined ? { release: tied } : {}),
          path: leaf.path,
          key,
          value: value.value,
          current: current.found ? current.value : undefined,
          currentSet: current.found,
          fileIndex: fi,
          pattern,
        });
      }
    }
  }
  return { items, releases };
}

/** The target state file of an item. */
export function itemFile(target: LoadedState, item: PromotionItem): LoadedStateFile {
  return target.files[item.fileIndex]!;
}
