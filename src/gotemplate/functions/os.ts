/** sprig os.go (env, expandenv) and getHostByName, going through the TemplateHost. */
import type { FuncContext, TemplateHost } from '../value.js';
import { fail, str, type Impl } from './define.js';

/** The host of the running template, else the one the FuncMap was built with. */
export function hostOf(ctx: FuncContext | undefined, fallback: TemplateHost | undefined): TemplateHost | undefined {
  return ctx?.host ?? fallback;
}

const isShellSpecial = (c: string): boolean => '*#$@!?-0123456789'.includes(c);
const isAlnum = (c: string): boolean => /[A-Za-z0-9_]/.test(c);

/** os.Expand. */
export function goExpand(s: string, mapping: (name: string) => string): string {
  let out = '';
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      out += s.slice(i, j);
      const [name, w] = shellName(s.slice(j + 1));
      if (name === '' && w > 0) { /* invalid syntax: eaten */ }
      else if (name === '') out += '$';
      else out += mapping(name);
      j += w;
      i = j + 1;
    }
  }
  return out + s.slice(i);
}

function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && isShellSpecial(s[1]) && s[2] === '}') return [s.slice(1, 2), 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
    }
    return ['', 1];
  }
  if (isShellSpecial(s[0])) return [s.slice(0, 1), 1];
  let i = 0;
  while (i < s.length && isAlnum(s[i])) i++;
  return [s.slice(0, i), i];
}

export function osFuncs(host: TemplateHost | undefined): Record<string, Impl> {
  const env = (ctx: FuncContext | undefined, name: string): string => hostOf(ctx, host)?.env(name) ?? '';
  return {
    env(key) { return env(this, str(key)); },
    expandenv(s) { return goExpand(str(s), (n) => env(this, n)); },
    getHostByName: () => fail('getHostByName is not supported by helmsync (no DNS lookups while rendering)'),
  };
}
