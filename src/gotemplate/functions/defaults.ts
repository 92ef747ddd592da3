/** sprig defaults.go: default/empty/coalesce/all/any/ternary/fail. */
import { fail, str, type Impl } from './define.js';
import { isEmpty } from './convert.js';

export const defaultFuncs: Record<string, Impl> = {
  // `default d` with no value returns d; `.x | default d` gets the piped value as the last arg.
  default: (d, ...given) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]),
  empty: (v) => isEmpty(v),
  coalesce: (...v) => v.find((x) => !isEmpty(x)) ?? null,
  all: (...v) => v.every((x) => !isEmpty(x)),
  any: (...v) => v.some((x) => !isEmpty(x)),
  ternary: (vt, vf, v) => {
    if (typeof v !== 'boolean') fail(`wrong type for value; expected bool; got ${v === null || v === undefined ? 'interface {}' : typeof v}`);
    return v ? vt : vf;
  },
  fail: (msg) => fail(str(msg)),
};
