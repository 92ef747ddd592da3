/**
 * Label and field selectors as the API server parses them
 * (`=`, `==`, `!=`, `in (…)`, `notin (…)`, `k`, `!k`; reference §4 MUST 7).
 */
import { badRequest } from './status.js';
import { isObj, type Obj } from './util.js';

/** One parsed requirement. */
export interface Requirement {
  key: string;
  op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists';
  values: string[];
}

/** Split on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t !== '');
}

/** Parse a label selector string; throws 400 on syntax errors. */
export function parseLabelSelector(s: string | null | undefined): Requirement[] {
  if (!s) return [];
  return splitTerms(s).map((term) => {
    let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) return { key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '') };
    m = /^([^\s!=]+)\s*(==|!=|=)\s*(\S*)$/.exec(term);
    if (m) return { key: m[1]!, op: m[2] === '!=' ? 'neq' : 'eq', values: [m[3]!] };
    m = /^!\s*([^\s!=]+)$/.exec(term);
    if (m) return { key: m[1]!, op: 'notexists', values: [] };
    m = /^([^\s!=(),]+)$/.exec(term);
    if (m) return { key: m[1]!, op: 'exists', values: [] };
    throw badRequest(`unable to parse requirement: ${term}`);
  });
}

/** Parse a field selector (`a=b`, `a==b`, `a!=b`, comma-joined). */
export function parseFieldSelector(s: string | null | undefined): Requirement[] {
  if (!s) return [];
  return splitTerms(s).map((term) => {
    const m = /^([^=!]+)(==|!=|=)(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    return { key: m[1]!.trim(), op: m[2] === '!=' ? 'neq' : 'eq', values: [m[3]!.trim()] };
  });
}

/** Does a label map satisfy every requirement? */
export function matchesLabels(reqs: Requirement[], labels: Obj | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = has ? String(l[r.key]) : undefined;
    switch (r.op) {
      case 'eq':
        return has && v === r.values[0];
      case 'neq':
        return !has || v !== r.values[0];
      case 'in':
        return has && r.values.includes(v!);
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}

/** Value of a dotted field path (`status.phase`, `metadata.name`) as a string. */
function fieldValue(obj: Obj, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isObj(cur)) return '';
    cur = cur[part];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

/** Does an object satisfy every field requirement? */
export function matchesFields(reqs: Requirement[], obj: Obj): boolean {
  return reqs.every((r) => {
    const v = fieldValue(obj, r.key);
    return r.op === 'neq' ? v !== r.values[0] : v === r.values[0];
  });
}

/** Render a `LabelSelector` object (`matchLabels`/`matchExpressions`) as a selector string. */
export function selectorToString(sel: Obj | undefined): string {
  if (!sel) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b))) parts.push(`${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = String(e.operator);
    if (op === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (op === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (op === 'Exists') parts.push(String(e.key));
    else if (op === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
