/**
 * `helm template` failures whose cause is the user's input, turned into a
 * UserError that says where: a chart from a repository nobody declared, a values
 * file helm cannot parse (its file:line, from helm's own parser, so helmsync
 * never refuses a file helm accepts), a `--set` helm cannot read. Rendering runs
 * before any write, so these already touched nothing; this makes them readable.
 * Anything else is returned unchanged (helm's own error, redacted as before).
 */
import { isAbsolute, relative } from 'node:path';
import { ExternalCommandError, UserError } from '../errors/index.js';
import { fieldLocation } from '../state/field-location.js';
import type { Release } from '../state/types.js';

export interface TemplateFailureContext {
  release: Release;
  environment: string;
}

/** A UserError for a `helm template` failure caused by input, else `e` itself. */
export function explainTemplateFailure(e: unknown, ctx: TemplateFailureContext): unknown {
  if (!(e instanceof ExternalCommandError)) return e;
  const r = ctx.release;
  const id = r.namespace ? `${r.namespace}/${r.name}` : r.name;
  const base = { release: id, environment: ctx.environment, cause: e };
  const text = e.stderr;

  const repo = /Error: repo (\S+) not found/.exec(text);
  if (repo) {
    return new UserError(`chart ${r.chart}: repository "${repo[1]}" is not declared in repositories: (nor known to helm)`, {
      ...base,
      location: fieldLocation(r, 'chart'),
      hint: `add it under repositories: (- name: ${repo[1]}, url: https://…), or write a local chart path as ./${r.chart}`,
    });
  }

  const parse = /failed to parse (\S+?): (.*)$/m.exec(text);
  if (parse) {
    const file = display(parse[1]!, r.baseDir);
    const line = /yaml: line (\d+): (.*)$/.exec(parse[2]!);
    if (line) {
      return new UserError(`malformed YAML in values file: ${line[2]}`, { ...base, location: { file, line: Number(line[1]) }, hint: 'fix the YAML syntax of this values file at this line' });
    }
    const kind = /cannot unmarshal (array|string|number|bool)\b/.exec(parse[2]!);
    if (kind) {
      const got = kind[1];
      return new UserError(`values file must hold a map of keys, got ${got === 'array' ? 'a list' : `a ${got}`}`, {
        ...base,
        location: { file },
        hint: 'a values file holds key: value pairs at its top level (e.g. replicas: 2)',
      });
    }
  }

  const set = /failed parsing (--set(?:-string|-file|-json|-literal)?) data: (.*)$/m.exec(text);
  if (set) {
    return new UserError(`${set[1]} cannot be read: ${set[2]}`, { ...base, hint: `write ${set[1]} key=value (several: ${set[1]} a=1,b=2; a list: ${set[1]} 'list={a,b}')` });
  }
  return e;
}

/** A path helm was given, as the user wrote it (relative to the releases file) when it is theirs. */
function display(path: string, baseDir: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(baseDir, path);
  return rel.startsWith('..') ? path : rel;
}
