/** Helm's extras that helmfile lacks (helm pkg/engine/funcs.go): array decoders, toYamlPretty. */
import { str, type Impl } from './define.js';
import { decodeJson } from './json.js';
import { decodeGoYaml } from './yaml-decode.js';
import { encodeGoYaml } from './yaml-encode.js';
import { encodeToml } from './toml.js';

export const helmFuncs: Record<string, Impl> = {
  toToml: (v) => encodeToml(v),
  toYamlPretty: (v) => { try { return encodeGoYaml(v, 2).replace(/\n$/, ''); } catch { return ''; } },
  fromYamlArray: (s) => {
    try {
      const v = decodeGoYaml(str(s));
      if (!Array.isArray(v)) return [`yaml: unmarshal errors:\n  line 1: cannot unmarshal into []interface {}`];
      return v;
    } catch (e) {
      return [(e as Error).message];
    }
  },
  fromJsonArray: (s) => {
    try {
      const v = decodeJson(str(s));
      if (!Array.isArray(v)) return ['json: cannot unmarshal object into Go value of type []interface {}'];
      return v;
    } catch (e) {
      return [(e as Error).message];
    }
  },
};
