/**
 * The `promotion:` key as promote uses it: the environment order and the key
 * patterns, checked against the loaded state with the declaration's file:line
 * (schema-level checks, unknown keys and types, happen in src/state/schema.ts).
 */
import { UserError, type SourceLocation } from '../errors/index.js';
import { nearest } from '../state/levenshtein.js';
import type { LoadedState, LoadedStateFile, PromotionDeclaration } from '../state/types.js';

/** One segment of a key pattern: a literal key/index, or a glob (`*`, `?`). */
export type PatternSegment = { literal: string } | { glob: RegExp; text: string };

export interface KeyPattern {
  /** As written, e.g. `apps.*.imageTag`. */
  text: string;
  segments: PatternSegment[];
  location: SourceLocation;
  /** Set for `releases.<name>.values` entries: the release the keys are tied to. */
  release?: string;
}

export interface PromotionConfig {
  environments: string[];
  patterns: KeyPattern[];
  declaration: PromotionDeclaration;
}

export const PROMOTION_EXAMPLE = ['promotion:', '  environments: [dev, staging, prod]   # the order promotions follow', '  values:                              # environment-value key paths that move', '    - apps.*.imageTag                  # `*` matching a release name ties the key to that release', '    - charts.*.version'].join('\n');

/**
 * Splits `apps.*.imageTag` into segments. Keys holding dots or glob characters
 * are written in double quotes (`apps."my.app".tag`); `[0]` indexes a list.
 */
export function parseKeyPattern(text: string, location: SourceLocation): PatternSegment[] {
  const segs: PatternSegment[] = [];
  let i = 0;
  const bad = (why: string): never => {
    throw new UserError(`promotion.values entry "${text}": ${why}`, { location, hint: 'write key paths like apps.*.imageTag (dots between keys, "quotes" around keys holding dots, [0] for a list item)' });
  };
  while (i < text.length) {
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) bad('unclosed quote');
      segs.push({ literal: text.slice(i + 1, end) });
      i = end + 1;
    } else if (text[i] === '[') {
      const end = text.indexOf(']', i);
      const n = end < 0 ? '' : text.slice(i + 1, end);
      if (!/^\d+$/.test(n) && n !== '*') bad('a list index is a number or *, like [0]');
      segs.push(n === '*' ? { glob: /^\d+$/, text: '*' } : { literal: n });
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && !'.["'.includes(text[end]!)) end++;
      const s = text.slice(i, end);
      if (s === '') bad('empty key between dots');
      segs.push(/[*?]/.test(s) ? { glob: globRegExp(s), text: s } : { literal: s });
      i = end;
    }
    if (i < text.length) {
      if (text[i] === '.') {
        i++;
        if (i >= text.length) bad('ends with a dot');
      } else if (text[i] !== '[') bad(`unexpected "${text[i]}"`);
    }
  }
  if (!segs.length) bad('empty');
  return segs;
}

function globRegExp(s: string): RegExp {
  const body = s.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * The declaration in force for a state file: its own, else its parent's (a
 * sub-helmfile inherits the including file's), else the first root file's that
 * has one (helmfile.d: declare it once).
 */
export function declarationFor(state: LoadedState, fileIndex: number): PromotionDeclaration | undefined {
  for (let i: number | undefined = fileIndex; i !== undefined; i = state.files[i]?.parent) {
    const d = state.files[i]?.promotion;
    if (d) return d;
  }
  return state.files.find((f) => f.parent === undefined && f.promotion)?.promotion;
}

/** Environments declared in any loaded file (for messages). */
export function definedEnvironments(files: readonly LoadedStateFile[]): string[] {
  return [...new Set(files.flatMap((f) => Object.keys(f.spec.environments ?? {})))];
}

/** Checks the declaration (environments defined, order without duplicates, patterns) and parses its patterns. */
export function promotionConfig(decl: PromotionDeclaration | undefined, state: LoadedState, file: string): PromotionConfig {
  if (!decl) {
    throw new UserError(`${file} has no promotion: key, so helmsync does not know what moves between environments`, {
      location: { file },
      hint: `add it to the releases file, for example:\n${PROMOTION_EXAMPLE}`,
    });
  }
  const envs = decl.spec.environments ?? [];
  const defined = definedEnvironments(state.files);
  if (envs.length < 2) {
    throw new UserError('promotion.environments must list at least two environments, in the order promotions follow', { location: decl.source, hint: `for example:\n${PROMOTION_EXAMPLE}` });
  }
  envs.forEach((e, i) => {
    const at = decl.entries.environments[i] ?? decl.source;
    if (envs.indexOf(e) !== i) throw new UserError(`promotion.environments lists "${e}" twice`, { location: at, hint: 'each environment appears once in the order' });
    if (defined.length && !defined.includes(e)) {
      const guess = nearest(e, defined);
      throw new UserError(`promotion.environments: environment "${e}" is not defined`, { location: at, hint: guess ? `did you mean "${guess}"? defined environments: ${defined.join(', ')}` : `defined environments: ${defined.join(', ')}` });
    }
  });
  const patterns: KeyPattern[] = [];
  (decl.spec.values ?? []).forEach((text, i) => {
    const location = decl.entries.values[i] ?? decl.source;
    patterns.push({ text, segments: parseKeyPattern(text, location), location });
  });
  for (const [release, r] of Object.entries(decl.spec.releases ?? {})) {
    (r.values ?? []).forEach((text, i) => {
      const location = decl.entries.releases[release]?.[i] ?? decl.source;
      patterns.push({ text, segments: parseKeyPattern(text, location), location, release });
    });
  }
  if (!patterns.length) {
    throw new UserError('promotion.values is empty: nothing would move', { location: decl.source, hint: `list the environment-value key paths that move, for example:\n${PROMOTION_EXAMPLE}` });
  }
  return { environments: envs, patterns, declaration: decl };
}

/**
 * The source and target must be in the declared order, target after source
 * (skipping is fine); backwards only with `--force`.
 * @returns whether the order was overridden by force.
 */
export function checkDirection(config: PromotionConfig, from: string, to: string, force: boolean): { backwards: boolean } {
  const order = config.environments;
  for (const [flag, env] of [['--from', from], ['--to', to]] as const) {
    if (!order.includes(env)) {
      throw new UserError(`${flag} ${env}: environment "${env}" is not in promotion.environments (${order.join(', ')})`, {
        location: config.declaration.source,
        environment: env,
        hint: `promote between ${order.join(' -> ')}, or add "${env}" to promotion.environments`,
      });
    }
  }
  const backwards = order.indexOf(to) < order.indexOf(from);
  if (backwards && !force) {
    throw new UserError(`cannot promote from ${from} to ${to}: ${to} comes before ${from} in promotion.environments (${order.join(' -> ')})`, {
      location: config.declaration.source,
      hint: `promotions go ${order.join(' -> ')}; pass --force to promote backwards`,
    });
  }
  return { backwards };
}
