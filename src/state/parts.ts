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

/**
 * Helmfile v1 rules on the raw file text. @throws UserError on an empty file, `releases:`
 * before `bases:`/`environments:`, or environments and releases in one part.
 */
export function checkV1Rules(file: string, text: string): void {
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
  const ordered = keys.filter((k) => k.key in priority);
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1] as { key: string; line: number };
    const cur = ordered[i] as { key: string; line: number };
    if ((priority[prev.key] as number) > (priority[cur.key] as number)) {
      throw new UserError(`top-level config key ${cur.key} must be defined before ${prev.key} in ${file}`, {
        location: { file, line: cur.line },
        hint: `move ${cur.key}: above ${prev.key}:`,
      });
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
      throw new UserError('environments and releases cannot be defined within the same YAML part. Use --- to extract the environments into a dedicated part', {
        location: { file, ...(rel ? { line: rel.line } : {}) },
        hint: 'put a line with --- between environments: and releases:',
      });
    }
  }
}
