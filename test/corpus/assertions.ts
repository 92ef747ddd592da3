/**
 * The grep-style assertions of cases.yaml (`exit 0`, `contains 'x'`,
 * `not contains x`, `matches re`, `file … exists`, `a line ^re`). An assertion
 * this harness does not understand makes the step "unsupported", never a pass.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

export interface StepOutput {
  exitCode: number;
  text: string;
}

export type AssertionResult = { ok: true } | { ok: false; reason: string } | { unsupported: string };

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"'))) return t.slice(1, -1);
  return t;
}

export function checkAssertion(raw: string, out: StepOutput, vars: Record<string, string>): AssertionResult {
  let a = raw.trim();
  for (const [k, v] of Object.entries(vars)) a = a.split(k).join(v);
  let m: RegExpExecArray | null;
  if (a === 'exit 0' || a === 'exit 0 on every iteration') return out.exitCode === 0 ? { ok: true } : { ok: false, reason: `exit ${out.exitCode}` };
  if (a === 'exit != 0') return out.exitCode !== 0 ? { ok: true } : { ok: false, reason: 'exit 0' };
  if ((m = /^exit (\d+)$/.exec(a))) return out.exitCode === Number(m[1]) ? { ok: true } : { ok: false, reason: `exit ${out.exitCode}` };
  if ((m = /^not contains (.+)$/.exec(a))) {
    const s = unquote(m[1]!);
    return out.text.includes(s) ? { ok: false, reason: `output contains ${JSON.stringify(s)}` } : { ok: true };
  }
  if ((m = /^contains (.+)$/.exec(a))) {
    const s = unquote(m[1]!);
    return out.text.includes(s) ? { ok: true } : { ok: false, reason: `output lacks ${JSON.stringify(s)}` };
  }
  if ((m = /^matches (.+)$/.exec(a))) {
    return new RegExp(unquote(m[1]!)).test(out.text) ? { ok: true } : { ok: false, reason: `no match for ${m[1]}` };
  }
  if ((m = /^a line (\^.+)$/.exec(a))) {
    return new RegExp(m[1]!, 'm').test(out.text) ? { ok: true } : { ok: false, reason: `no line ${m[1]}` };
  }
  if ((m = /^no line (\^.+)$/.exec(a))) {
    return new RegExp(m[1]!, 'm').test(out.text) ? { ok: false, reason: `a line ${m[1]}` } : { ok: true };
  }
  if ((m = /^file (\S+) exists$/.exec(a))) return existsSync(m[1]!) ? { ok: true } : { ok: false, reason: `${m[1]} missing` };
  if (a === 'first chart: value is a dir containing Chart.yaml') {
    const chart = /^\s*-?\s*chart: (.+)$/m.exec(out.text)?.[1]?.trim();
    return chart && existsSync(join(chart, 'Chart.yaml')) ? { ok: true } : { ok: false, reason: `first chart: ${chart ?? '(none)'} has no Chart.yaml` };
  }
  // `build` output: "<name> section matches RE", "<a> and <b> sections contain X", "<name> section does NOT match RE (…)".
  if ((m = /^(\S+) section (matches|does NOT match) (.+?)(?: \(.*\))?$/.exec(a))) {
    const sec = releaseSection(out.text, m[1]!);
    if (sec === undefined) return { ok: false, reason: `no release ${m[1]} in the output` };
    const hit = new RegExp(m[3]!).test(sec);
    return hit === (m[2] === 'matches') ? { ok: true } : { ok: false, reason: `${m[1]} section ${m[2] === 'matches' ? 'lacks' : 'has'} ${m[3]}` };
  }
  if ((m = /^(\S+) and (\S+) sections contain (\S+)$/.exec(a))) {
    for (const name of [m[1]!, m[2]!]) {
      const sec = releaseSection(out.text, name);
      if (!sec?.includes(m[3]!)) return { ok: false, reason: `${name} section lacks ${m[3]}` };
    }
    return { ok: true };
  }
  return { unsupported: raw };
}

/** The YAML of the release named `name` in `build` output (all documents), or undefined. */
function releaseSection(text: string, name: string): string | undefined {
  try {
    for (const doc of parseAllDocuments(text)) {
      const js = doc.toJS() as { releases?: { name?: string }[] } | null;
      const r = js?.releases?.find((x) => x.name === name);
      if (r) return stringify(r);
    }
  } catch {
    return undefined;
  }
  return undefined;
}
