/**
 * Whether to colour output: `--color` forces it, `--no-color` and `NO_COLOR`
 * (https://no-color.org) turn it off, otherwise only on a TTY.
 */
export interface ColorOptions {
  /** `--color` (true), `--no-color` (false) or unset. */
  flag?: boolean;
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
}

export function useColor(o: ColorOptions): boolean {
  if (o.flag !== undefined) return o.flag;
  if (o.env.NO_COLOR !== undefined && o.env.NO_COLOR !== '') return false;
  if (o.env.FORCE_COLOR && o.env.FORCE_COLOR !== '0') return true;
  return o.isTTY && o.env.TERM !== 'dumb';
}

/** Minimal ANSI styling; identity functions when colour is off. */
export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
