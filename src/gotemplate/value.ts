/**
 * The value model shared by the Go template engine and its function libraries.
 * CONTRACT between src/gotemplate (engine) and src/gotemplate/functions: extend it,
 * do not change the meaning of what is here.
 *
 * Go distinguishes things JavaScript does not; this is how each is represented:
 *
 * | Go                              | JS                                                     |
 * |---------------------------------|--------------------------------------------------------|
 * | missing / invalid reflect.Value | `undefined` (prints `<no value>`)                     |
 * | nil (interface, pointer, map…)  | `null`                                                 |
 * | string                          | `string` (len/index/slice work on its UTF-8 bytes)    |
 * | bool                            | `boolean`                                              |
 * | int (int64)                     | `number` with Number.isInteger, or `bigint` beyond 2^53|
 * |                                 | (an integral `number` beyond ±2^63 is a float64)       |
 * | float64                         | `number` that is not an integer (incl. NaN, ±Inf), or |
 * |                                 | a {@link GoFloat} when the float is integral (`1.0`)  |
 * | other numeric kinds (uint64…)   | {@link GoTyped} with the Go type name                  |
 * | map[string]interface{}          | plain object (use Object.hasOwn; never the prototype) |
 * | []interface{}                   | Array                                                  |
 * | struct / host object            | an object implementing {@link GoObject}               |
 */

/** An integral float64 (YAML `1.0`, `divf 4 2`), kept apart from int 1. */
export class GoFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}

/** A value of a named Go type other than the defaults above (uint64, int32, time.Duration…). */
export class GoTyped {
  constructor(
    /** Go's `%T` name, e.g. `uint64`. */
    readonly goType: string,
    /** reflect Kind name, e.g. `uint64`, `struct`. */
    readonly kind: string,
    readonly value: unknown,
  ) {}
}

/**
 * A host object with Go-named fields and methods (semver.Version, fs.DirEntry, time.Time…).
 * `.Field` looks up goField first, then goMethod with no arguments.
 */
export interface GoObject {
  /** Go's `%T`, e.g. `*semver.Version`. */
  readonly goType: string;
  /** reflect Kind, e.g. `ptr`, `struct`. */
  readonly goKind: string;
  /** Exported field value, or undefined when there is no such field. */
  goField?(name: string): unknown;
  /** Exported method, or undefined when there is no such method. */
  goMethod?(name: string): ((...args: unknown[]) => unknown) | undefined;
  /** fmt.Stringer / error: how the value prints. */
  goString?(): string;
  /**
   * Exported fields in declaration order, for printing a struct without String()
   * (`{v1 v2}`, `%+v` → `{Name:v1 …}`). Added by the engine; optional.
   */
  goFields?(): [name: string, value: unknown][];
}

export function isGoObject(v: unknown): v is GoObject {
  return typeof v === 'object' && v !== null && typeof (v as { goType?: unknown }).goType === 'string' && !(v instanceof GoTyped);
}

/** Wrap a float64 result: integral values become GoFloat so they stay float64. */
export function goFloat(n: number): number | GoFloat {
  return Number.isInteger(n) ? new GoFloat(n) : n;
}

/** An integral JS number beyond ±2^63 can only have been a float64 (JSON `1e+20`). */
const TWO63 = 9223372036854775808;

export function isGoInt(v: unknown): v is number | bigint {
  return (typeof v === 'number' && Number.isInteger(v) && v < TWO63 && v >= -TWO63) || typeof v === 'bigint';
}

export function isGoFloat(v: unknown): v is number | GoFloat {
  return v instanceof GoFloat || (typeof v === 'number' && !isGoInt(v));
}

/** A plain map[string]interface{}. */
export function isGoMap(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A template function. Throwing an Error makes the engine report
 * `error calling NAME: <message>`. `goSig` (e.g. `func(string, ...interface {}) string`)
 * lets the engine check arity and argument types as Go's reflect-based call does.
 */
export interface GoFunc {
  (this: FuncContext, ...args: unknown[]): unknown;
  goSig?: string;
}

export type FuncMap = Record<string, GoFunc>;

/**
 * What a function may need from the running template and the outside world.
 * Functions get it as `this`; the engine supplies it per execution.
 */
export interface FuncContext {
  /** Execute a named template of the current set (`include`). */
  include(name: string, data: unknown): string;
  /** Parse and execute text in a fresh set (helmfile's `tpl`) or a clone (Helm's). */
  tpl(text: string, data: unknown): string;
  /** Host services; absent in pure unit tests. */
  host?: TemplateHost;
}

/**
 * I/O for helmfile functions (readFile, exec, env…). The engine does no I/O itself:
 * callers pass a host built from their Deps.
 */
export interface TemplateHost {
  /** Directory relative paths resolve against (the state file's directory). */
  basePath: string;
  readFile(path: string): string;
  readDir(path: string): { name: string; isDir: boolean }[];
  stat(path: string): { isFile: boolean; isDir: boolean } | undefined;
  env(name: string): string | undefined;
  /** Run a command without a shell and return stdout; throws on non-zero exit. */
  exec(command: string, args: string[], opts: { input?: string; env?: Record<string, string> }): string;
  /** HELMFILE_DISABLE_INSECURE_FEATURES is set: exec/readFile/readDir refuse. */
  insecureDisabled: boolean;
  /** vals references for fetchSecretValue/expandSecretRefs (absent: those functions fail). */
  vals?: {
    fetch(ref: string): string;
    expand(values: Record<string, unknown>): Record<string, unknown>;
  };
}

/**
 * A complex128 (template literals such as `1+2i`; Go's `%v` prints `(1+2i)`).
 * Added by the engine; functions rarely see one.
 */
export class GoComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}
