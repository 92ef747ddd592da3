/**
 * Function libraries of the Go template engine: sprig v3.3.0, Helmfile's functions and
 * Helm's extras, plus Go-compatible YAML decode/encode. (Skeleton: filled in incrementally.)
 */
import type { FuncMap, TemplateHost } from '../value.js';
import { decodeGoYaml, type GoYamlDecodeOptions } from './yaml-decode.js';
import { encodeGoYaml } from './yaml-encode.js';

/** All template functions: sprig's TxtFuncMap, then Helmfile's overrides, then Helm extras. */
export function builtinFuncMap(host?: TemplateHost): FuncMap {
  void host;
  return {};
}

/** Decode YAML into the template value model with go.yaml.in/yaml v3 scalar rules. */
export function parseGoYaml(text: string, opts?: GoYamlDecodeOptions): unknown {
  return decodeGoYaml(text, opts);
}

/** Encode a value byte-identically to go.yaml.in/yaml v3 Marshal (helmfile's toYaml). */
export function toGoYaml(value: unknown, indent = 2): string {
  return encodeGoYaml(value, indent);
}
