/**
 * sprig regex functions. Patterns are Go RE2; they are translated to JS RegExp where the
 * syntax differs (`(?P<n>`, leading `(?flags)`, `\z`, `\A`, POSIX classes, `\pL`).
 * Constructs JS cannot express (inline flag groups, `(?U)`) raise an error.
 */
import { fail, int, str, type Impl } from './define.js';
import { tagType } from './reflect.js';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();

/** Compile a Go regexp as a global JS RegExp; throws `error parsing regexp: …` on failure. */
export function compileGoRegex(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return new RegExp(hit.source, hit.flags);
  let src = pattern;
  let flags = 'g';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1].includes('U')) fail(`error parsing regexp: ungreedy flag (?U) is not supported: \`${pattern}\``);
    for (const f of lead[1]) if (!flags.includes(f)) flags += f;
    src = src.slice(lead[0].length);
  }
  if (/\(\?[imsU-]+[:)]/.test(src)) fail(`error parsing regexp: inline flag groups are not supported: \`${pattern}\``);
  src = src
    .replace(/\(\?P</g, '(?<')
    .replace(/\[\[:(\^?)([a-z]+):\]\]/g, (m, neg: string, name: string) => (POSIX[name] ? `[${neg}${POSIX[name]}]` : m))
    .replace(/\[:([a-z]+):\]/g, (m, name: string) => POSIX[name] ?? m)
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\\A/g, '(?<![\\s\\S])')
    .replace(/\\([pP])([A-Za-z])/g, '\\$1{$2}')
    // RE2 lets anchors take a quantifier (`^*`, `${1}`); JS needs them grouped.
    .replace(/(^|[^\\])([$^])(?=[*+?{])/g, '$1(?:$2)');
  if (/\\[pP]\{/.test(src)) flags += 'u';
  try {
    const re = new RegExp(src, flags);
    cache.set(pattern, re);
    return new RegExp(re.source, re.flags);
  } catch (e) {
    fail(`error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

interface Match { index: number; end: number; groups: (string | undefined)[]; named: Record<string, string | undefined> }

/** Regexp.FindAllStringSubmatchIndex: empty matches right after a match are skipped, like Go. */
function findAll(re: RegExp, s: string, n: number): Match[] {
  const out: Match[] = [];
  if (n === 0) return out;
  let prevEnd = -1;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      re.lastIndex = m.index + (s.codePointAt(m.index)! > 0xffff ? 2 : 1);
      if (m.index === prevEnd) continue;
    }
    out.push({ index: m.index, end, groups: Array.from(m), named: m.groups ?? {} });
    prevEnd = end;
    if (n > 0 && out.length >= n) break;
    if (re.lastIndex > s.length) break;
  }
  return out;
}

/** Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown groups expand to "". */
function expand(template: string, m: Match): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (all, _x, braced?: string, bare?: string) => {
    if (all === '$$') return '$';
    const name = braced ?? bare!;
    if (/^[0-9]+$/.test(name)) return m.groups[Number(name)] ?? '';
    return m.named[name] ?? '';
  });
}

function replaceAll(re: RegExp, s: string, f: (m: Match) => string): string {
  let out = '';
  let last = 0;
  for (const m of findAll(re, s, -1)) {
    out += s.slice(last, m.index) + f(m);
    last = m.end;
  }
  return out + s.slice(last);
}

function split(re: RegExp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (re.source !== '(?:)' && s === '') return [''];
  const out: string[] = [];
  let beg = 0, end = 0;
  for (const m of findAll(re, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.end !== 0) out.push(s.slice(beg, end));
    beg = m.end;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const impls: Record<string, (...a: unknown[]) => unknown> = {
  regexMatch: (re, s) => { const r = compileGoRegex(str(re)); r.lastIndex = 0; return r.test(str(s)); },
  regexFindAll: (re, s, n) => tagType(findAll(compileGoRegex(str(re)), str(s), int(n)).map((m) => m.groups[0] ?? ''), '[]string'),
  regexFind: (re, s) => findAll(compileGoRegex(str(re)), str(s), 1)[0]?.groups[0] ?? '',
  regexReplaceAll: (re, s, repl) => replaceAll(compileGoRegex(str(re)), str(s), (m) => expand(str(repl), m)),
  regexReplaceAllLiteral: (re, s, repl) => replaceAll(compileGoRegex(str(re)), str(s), () => str(repl)),
  regexSplit: (re, s, n) => tagType(split(compileGoRegex(str(re)), str(s), int(n)), '[]string'),
};

export const regexFuncs: Record<string, Impl> = {
  ...impls,
  mustRegexMatch: impls.regexMatch,
  mustRegexFindAll: impls.regexFindAll,
  mustRegexFind: impls.regexFind,
  mustRegexReplaceAll: impls.regexReplaceAll,
  mustRegexReplaceAllLiteral: impls.regexReplaceAllLiteral,
  mustRegexSplit: impls.regexSplit,
  regexQuoteMeta: (s) => quoteMeta(str(s)),
};
