/**
 * Expands the small path templates of `--output-dir-template` and
 * `--output-file-template` (`{{ .OutputDir }}/{{ .Release.Name }}`…).
 * Only field references are supported: these templates are paths, and the
 * full Go template engine is not needed for them.
 */
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { UserError } from '../errors/index.js';
import type { LoadedStateFile, Release } from '../state/types.js';

/**
 * `.State`, `.Release` and `.Environment` of Helmfile's output path templates
 * (GenerateOutputDir, GenerateOutputFilePath).
 */
export function pathTemplateData(file: LoadedStateFile, release: Release, environmentName: string) {
  const base = basename(file.absPath);
  return {
    State: {
      BaseName: base.slice(0, base.length - extname(base).length),
      Path: file.filePath,
      AbsPath: file.absPath,
      AbsPathSHA1: createHash('sha1').update(file.absPath).digest('hex').slice(0, 8),
    },
    Release: { Name: release.name, Namespace: release.namespace, KubeContext: release.kubeContext, Labels: release.labels, Chart: release.chart },
    Environment: { Name: environmentName },
  };
}

/** Expands `tpl` with `data`; `where` names the flag in errors. */
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
