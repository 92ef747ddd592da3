/**
 * A fast reader for chart repository indexes. `helm repo index` (and
 * chart-releaser, ChartMuseum, Harbor…) write one regular shape:
 *
 *   entries:
 *     <chart>:
 *     - <field>: <scalar>          (list items at the key's indent or deeper)
 *       urls:
 *       - <url>
 *       version: <scalar>
 *
 * A general YAML parser spends ~7 s on a 9 MB index (annotations, maintainers,
 * dependencies…) of which helmsync needs four fields; this scanner reads lines
 * and keeps only name, version, urls and digest. Anything it does not recognise
 * (flow style, anchors, block scalars at entry level, tabs) makes it give up and
 * return undefined, and the caller parses the full YAML instead — so it is
 * never wrong, only sometimes not fast.
 */

export interface ScannedEntry {
  version: string;
  urls: string[];
  digest?: string;
}

const BAIL = Symbol('bail');

/** One YAML scalar as written after `key: ` or `- `; BAIL for anything not plainly a scalar. */
function scalar(raw: string): string | typeof BAIL {
  const t = raw.trim();
  if (t === '' || t === '~' || t === 'null') return '';
  const c = t[0]!;
  if (c === '"') {
    if (!t.endsWith('"') || t.length < 2) return BAIL;
    try {
      return JSON.parse(t) as string;
    } catch {
      return BAIL;
    }
  }
  if (c === "'") {
    if (!t.endsWith("'") || t.length < 2) return BAIL;
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if ('[{&*!|>@`%'.includes(c)) return BAIL;
  const hash = t.indexOf(' #');
  return (hash >= 0 ? t.slice(0, hash) : t).trimEnd();
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** Chart name → entries, or undefined when the text is not in the regular shape. */
export function scanIndex(text: string): Map<string, ScannedEntry[]> | undefined {
  if (text.includes('\t')) return undefined;
  const lines = text.split(/\r?\n/);
  let i = lines.findIndex((l) => /^entries:\s*$/.test(l));
  if (i < 0) return undefined;
  const out = new Map<string, ScannedEntry[]>();
  let chartIndent = -1;
  let itemIndent = -1;
  let chart: ScannedEntry[] | undefined;
  let entry: ScannedEntry | undefined;
  let fieldIndent = -1;
  let inUrls = false;
  const finish = (): boolean => {
    if (entry) {
      if (!entry.version && entry.urls.length === 0) return false;
      chart!.push(entry);
    }
    entry = undefined;
    return true;
  };
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    const ind = indentOf(line);
    if (ind === 0) break; // the next top-level key (apiVersion, generated, …)
    if (chartIndent < 0) chartIndent = ind;
    if (ind < chartIndent) return undefined;
    const isItem = body === '-' || body.startsWith('- ');
    if (ind === chartIndent && !isItem) {
      // A chart name key.
      const m = /^("[^"]*"|'[^']*'|[^\s:#][^:]*?):\s*(\[\])?\s*$/.exec(body);
      if (!m || !finish()) return undefined;
      const name = scalar(m[1]!);
      if (name === BAIL) return undefined;
      chart = [];
      out.set(name, chart);
      itemIndent = -1;
      inUrls = false;
      continue;
    }
    if (!chart) return undefined;
    if (isItem && (itemIndent < 0 || ind === itemIndent)) {
      // A new chart version; its first field may sit on the item line.
      if (!finish()) return undefined;
      itemIndent = ind;
      fieldIndent = ind + 2;
      entry = { version: '', urls: [] };
      const first = body.slice(2);
      inUrls = /^urls:\s*$/.test(first);
      if (first.trim() !== '' && !field(entry, first)) return undefined;
      continue;
    }
    if (!entry) return undefined;
    if (isItem) {
      if (inUrls && (ind === fieldIndent || ind === fieldIndent + 2)) {
        const u = scalar(body.slice(2));
        if (u === BAIL) return undefined;
        entry.urls.push(u);
        continue;
      }
      if (ind >= fieldIndent) continue; // an item of a field we do not need (keywords, sources…)
      return undefined;
    }
    if (ind === fieldIndent) {
      inUrls = /^urls:\s*$/.test(body);
      if (!field(entry, body)) return undefined;
      continue;
    }
    if (ind > fieldIndent) continue; // nested content of a field we do not need
    return undefined;
  }
  if (!finish()) return undefined;
  return out;

  function field(e: ScannedEntry, text: string): boolean {
    const m = /^([A-Za-z_][\w-]*):(?:\s+(.*))?$/.exec(text);
    if (!m) return false;
    const key = m[1]!;
    const rest = m[2] ?? '';
    if (key === 'version' || key === 'digest') {
      const v = scalar(rest);
      if (v === BAIL) return false;
      if (key === 'version') e.version = v;
      else e.digest = v;
    } else if (key === 'urls' && rest.trim() !== '') {
      return false; // flow-style urls
    }
    // Other fields (block scalars included) continue on deeper lines, which are skipped.
    return true;
  }
}
