/**
 * Decoding and encoding values YAML. Positions and syntax errors come from the `yaml`
 * package; when src/gotemplate's go-yaml-compatible decoder works, its value model
 * (ints vs integral floats) is used so templates print values as Helmfile does.
 */
import { stringify } from 'yaml';
import { UserError } from '../errors/index.js';
import * as goFunctions from '../gotemplate/functions/index.js';
import { isPlainMap, type Plain } from './merge.js';
import { parseYamlSource, type TextOrigin } from './yaml-source.js';

let goYamlWorks: boolean | undefined;

function tryGo<T>(fn: () => T): T | undefined {
  if (goYamlWorks === false) return undefined;
  try {
    const v = fn();
    goYamlWorks = true;
    return v;
  } catch (e) {
    if (e instanceof Error && /not implemented/.test(e.message)) {
      goYamlWorks = false;
      return undefined;
    }
    throw e;
  }
}

/** Decodes YAML text that must hold a map (or nothing). @throws UserError with file:line. */
export function decodeValuesYaml(text: string, origin: TextOrigin): Plain {
  const src = parseYamlSource(text, origin);
  if (src.value === null || src.value === undefined) return {};
  if (!isPlainMap(src.value)) {
    throw new UserError(`values must be a map, got ${Array.isArray(src.value) ? 'a list' : typeof src.value}`, { location: src.locate(src.value), hint: 'a values file holds key: value pairs at its top level (e.g. replicas: 2)' });
  }
  let goValue: unknown;
  try {
    goValue = tryGo(() => goFunctions.parseGoYaml(text));
  } catch {
    goValue = undefined;
  }
  return isPlainMap(goValue) ? goValue : src.value;
}

/** Encodes values for a `--values` temp file. */
export function encodeValuesYaml(value: unknown): string {
  let out: string | undefined;
  try {
    out = tryGo(() => goFunctions.toGoYaml(value));
  } catch {
    out = undefined;
  }
  return out ?? stringify(value, { lineWidth: 0 });
}
