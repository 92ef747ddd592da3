/**
 * Comparisons the Helmfile corpus uses (MANIFEST.md): exact text after
 * normalisation, `diff -u` (exact text) and `dyff between` (semantic YAML:
 * same documents, matched by apiVersion/kind/namespace/name, deep-equal).
 */
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';

/** Snapshot normalisation, in MANIFEST §1 order. */
export function normalizeSnapshot(text: string, cwd: string, cacheHome?: string): string {
  let s = text.split(`chart=${cwd}`).join('chart=$WD');
  s = s.replace(/chart=.*git\.ref=.*\/charts\/.*/g, 'chart=$GoGetterPath');
  s = s.replace(/v\d+\.\d+\.\d+\+[a-z0-9]+/g, '$HelmVersion');
  if (cacheHome) s = s.split(cacheHome).join('$HELMFILE_CACHE_HOME');
  s = s.split(cwd).join('__workingdir__');
  return s;
}

function docKey(d: unknown, i: number): string {
  const o = d as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } | null;
  if (o && typeof o === 'object' && o.kind && o.metadata?.name) return `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return `#${i}`;
}

/** dyff-like: undefined when equal, else a short description of the first difference. */
export function yamlDifference(expected: string, actual: string): string | undefined {
  const load = (t: string) =>
    parseAllDocuments(t)
      .map((d) => d.toJS() as unknown)
      .filter((d) => d !== null && d !== undefined);
  let e: unknown[];
  let a: unknown[];
  try {
    e = load(expected);
    a = load(actual);
  } catch (err) {
    return `not YAML: ${(err as Error).message}`;
  }
  const em = new Map(e.map((d, i) => [docKey(d, i), d]));
  const am = new Map(a.map((d, i) => [docKey(d, i), d]));
  for (const [k, v] of em) {
    if (!am.has(k)) return `missing document ${k}`;
    if (!isDeepStrictEqual(v, am.get(k))) return `document ${k} differs:\n  expected ${JSON.stringify(v)}\n  actual   ${JSON.stringify(am.get(k))}`;
  }
  for (const k of am.keys()) if (!em.has(k)) return `unexpected document ${k}`;
  return undefined;
}

/** A unified-diff-ish first difference for text comparisons. */
export function textDifference(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  const el = expected.split('\n');
  const al = actual.split('\n');
  for (let i = 0; i < Math.max(el.length, al.length); i++) {
    if (el[i] !== al[i]) return `line ${i + 1}:\n  expected ${JSON.stringify(el[i])}\n  actual   ${JSON.stringify(al[i])}`;
  }
  return 'differs';
}
