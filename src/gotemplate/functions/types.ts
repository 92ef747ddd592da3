/** sprig reflect.go: typeOf/typeIs/typeIsLike/kindOf/kindIs and deepEqual. */
import { str, type Impl } from './define.js';
import { deepEqual, goKindOf, goTypeOf } from './reflect.js';

export const typeFuncs: Record<string, Impl> = {
  typeOf: (v) => goTypeOf(v),
  typeIs: (t, v) => str(t) === goTypeOf(v),
  typeIsLike: (t, v) => { const ty = goTypeOf(v); return str(t) === ty || '*' + str(t) === ty; },
  kindOf: (v) => goKindOf(v),
  kindIs: (k, v) => str(k) === goKindOf(v),
  deepEqual: (a, b) => deepEqual(a, b),
};
