/**
 * Expands the small path templates of `--output-dir-template` and
 * `--output-file-template` (`{{ .OutputDir }}/{{ .Release.Name }}`…).
 * Only field references are supported: these templates are paths, and the
 * full Go template engine is not needed for them.
 */
import { UserError } from '../errors/index.js';

export function renderPathTemplate(tpl: string, data: Record<string, unknown>, where: string): string {
  return tpl.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (whole, expr: string) => {
    const m = /^\.([A-Za-z_][\w.]*)$/.exec(expr.trim());
    if (!m) {
      throw new UserError(`unsupported expression ${whole} in path template "${tpl}"`, {
        hint: 'use field references only, e.g. {{ .OutputDir }}/{{ .Release.Name }}',
      });
    }
    let v: unknown = data;
    for (const key of m[1]!.split('.')) {
      if (v && typeof v === 'object' && key in (v as Record<string, unknown>)) v = (v as Record<string, unknown>)[key];
      else throw new UserError(`path template "${tpl}": no field ${expr.trim()}`, { hint: `template used for ${where}` });
    }
    return v === undefined || v === null ? '' : String(v);
  });
}
