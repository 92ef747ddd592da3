/**
 * Helpers for the engine specs: render with builtins only (plain text/template, as Go's
 * own tests do) and capture the error message Go would print.
 */
import { Template, type GoFunc, type TemplateOptions } from '../../../src/gotemplate/index.js';

/** Execute `text` as template `name` (default "t") with only the given functions. */
export function exec(text: string, data?: unknown, opts: TemplateOptions & { name?: string } = {}): string {
  return new Template(opts.name ?? 't', opts).parse(text).execute(data);
}

/** The error message of parsing or executing `text`, or a marker when nothing failed. */
export function errorOf(text: string, data?: unknown, opts: TemplateOptions & { name?: string } = {}): string {
  try {
    const out = exec(text, data, opts);
    return `NO ERROR (output ${JSON.stringify(out)})`;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A Go-signature function for tests. */
export function goFunc<T extends (...a: never[]) => unknown>(goSig: string, fn: T): GoFunc {
  return Object.assign(fn, { goSig }) as unknown as GoFunc;
}
