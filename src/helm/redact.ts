/**
 * Hides secret-looking values before argv reaches an error message or a log.
 * `--set db.password=hunter2` → `--set db.password=***`; same for
 * `--set-string`, `--password`, `--username`… values.
 */
const SECRET_KEY = /(pass(word)?|secret|token|api[-_]?key|credential|private[-_]?key)/i;
const VALUE_FLAGS = new Set(['--password', '--pass', '--token', '--key-file', '--cert-file']);

export function redactArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const prev = args[i - 1];
    if (prev && VALUE_FLAGS.has(prev) && prev !== '--key-file' && prev !== '--cert-file') {
      out.push('***');
      continue;
    }
    if (prev === '--set' || prev === '--set-string') {
      out.push(redactSetExpr(a));
      continue;
    }
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0 && VALUE_FLAGS.has(a.slice(0, eq)) && !a.startsWith('--key-file') && !a.startsWith('--cert-file')) {
      out.push(`${a.slice(0, eq)}=***`);
      continue;
    }
    out.push(a);
  }
  return out;
}

/** `a.password=x,b=y` → `a.password=***,b=y`. */
function redactSetExpr(expr: string): string {
  return expr
    .split(',')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq > 0 && SECRET_KEY.test(part.slice(0, eq))) return `${part.slice(0, eq)}=***`;
      return part;
    })
    .join(',');
}
