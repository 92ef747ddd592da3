/**
 * Splitting a state file into `---` parts and Helmfile v1's textual checks
 * (pkg/policy/checker.go): key order and environments/releases in separate parts.
 */
import { UserError } from '../errors/index.js';

/** One `---`-separated part of a state file. */
export interface StatePart {
  /** 1-based. */
  index: number;
  text: string;
  /** Lines of the file before this part. */
  lineOffset: number;
}

/** Splits on `\n---\n` like Helmfile (a `---` line with trailing spaces counts too). */
export function splitParts(text: string): StatePart[] {
  const normal = text.replace(/\r\n/g, '\n');
  const lines = normal.split('\n');
  const parts: StatePart[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    const isSep = i < lines.length && i > 0 && /^--- *$/.test(lines[i] as string);
    if (i === lines.length || isSep) {
      parts.push({ index: parts.length + 1, text: lines.slice(start, i).join('\n'), lineOffset: start });
      start = i + 1;
    }
  }
  return parts;
}

const topKey = /^([a-zA-Z]+):/;
const priority: Record<string, number> = { bases: 0, environments: 1, releases: 2 };

/** A Helmfile v1 layout rule the file's text breaks (Helmfile v0 accepted it). */
export interface V1Violation {
  rule: 'key-order' | 'same-part';
  /** Helmfile v1's error message. */
  message: string;
  line?: number;
  /** How to migrate the file to v1. */
  hint: string;
}

/**
 * Helmfile v1 rules on the raw file text (pkg/policy/checker.go): `bases:`, `environments:`,
 * `releases:` in that order, and environments and releases in separate parts.
 * @throws UserError on a file without any top-level key (no Helmfile accepts it).
 */
export function findV1Violations(file: string, text: string): V1Violation[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const keys: { key: string; line: number }[] = [];
  const withSep: string[] = [];
  lines.forEach((l, i) => {
    const m = topKey.exec(l);
    if (m) {
      keys.push({ key: m[1] as string, line: i + 1 });
      withSep.push(m[1] as string);
    }
    if (/^--- *$/.test(l)) withSep.push('---');
  });
  if (!keys.length) {
    throw new UserError(`no top-level config keys are found in ${file}`, { location: { file }, hint: 'a state file needs at least one key such as releases:' });
  }
  const out: V1Violation[] = [];
  const ordered = keys.filter((k) => k.key in priority);
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1] as { key: string; line: number };
    const cur = ordered[i] as { key: string; line: number };
    if ((priority[prev.key] as number) > (priority[cur.key] as number)) {
      out.push({ rule: 'key-order', message: `top-level config key ${cur.key} must be defined before ${prev.key} in ${file}`, line: cur.line, hint: `move ${cur.key}: above ${prev.key}:` });
      break;
    }
  }
  const seen = new Set<string>();
  const seq: string[] = [];
  for (const k of withSep) {
    if (k === 'environments' || k === 'releases' || k === '---') {
      if (!seen.has(k)) {
        seq.push(k);
        if (k !== '---') seen.add(k);
      }
    }
  }
  for (let i = 0; i + 1 < seq.length; i++) {
    if (seq[i] !== '---' && seq[i + 1] !== '---') {
      const rel = keys.find((k) => k.key === 'releases');
      out.push({
        rule: 'same-part',
        message: 'environments and releases cannot be defined within the same YAML part. Use --- to extract the environments into a dedicated part',
        ...(rel ? { line: rel.line } : {}),
        hint: 'put a line with --- between environments: and releases:',
      });
      break;
    }
  }
  return out;
}

/** Helmfile v1's rules as errors (`--strict`). @throws UserError for the first rule broken. */
export function checkV1Rules(file: string, text: string): void {
  const v = findV1Violations(file, text)[0];
  if (v) throw new UserError(v.message, { location: { file, ...(v.line !== undefined ? { line: v.line } : {}) }, hint: v.hint });
}
