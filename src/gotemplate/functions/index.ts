/**
 * Function libraries of the Go template engine: sprig v3.3.0's TxtFuncMap (env/expandenv
 * included, as helmfile keeps them), Helmfile's functions overriding sprig's, `sprigGet`
 * (sprig's get), and Helm extras helmfile lacks. Plus the Go-compatible YAML codec.
 */
import type { FuncMap, TemplateHost } from '../value.js';
import { cryptoFuncs } from './crypto.js';
import { dateFuncs } from './dates.js';
import { defaultFuncs } from './defaults.js';
import { withSigs } from './define.js';
import { dictFuncs } from './dicts.js';
import { encodingFuncs } from './encoding.js';
import { helmFuncs } from './helm.js';
import { helmfileFuncs } from './helmfile.js';
import { listFuncs } from './lists.js';
import { mathFuncs } from './math.js';
import { osFuncs } from './os.js';
import { pathFuncs } from './paths.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { HELM_SIGS, HELMFILE_SIGS, SPRIG_SIGS } from './sigs.js';
import { stringFuncs } from './strings.js';
import { typeFuncs } from './types.js';
import { urlFuncs } from './urls.js';
import { decodeGoYaml, decodeGoYamlAll, type GoYamlDecodeOptions } from './yaml-decode.js';
import { encodeGoYaml } from './yaml-encode.js';

export type { GoYamlDecodeOptions } from './yaml-decode.js';
export { GoYamlError } from './yaml-decode.js';
export { GoTime } from './go-time.js';
export { SemverVersion } from './semver.js';
export { formatValue, formatFloatG, goQuote } from './go-fmt.js';
export { goTypeOf, goKindOf, deepEqual, tagType } from './reflect.js';
export { isEmpty, strval, toInt64, toFloat64 } from './convert.js';
export { mergeInto, deepCopy } from './dicts.js';
export { INSECURE_DISABLED } from './helmfile.js';
export { SPRIG_SIGS, HELMFILE_SIGS, HELM_SIGS } from './sigs.js';
export { encodeJson, decodeJson, type JsonOptions } from './json.js';
export { isIntNumber } from './go-fmt.js';
export { nilSlice, isNilSlice } from './reflect.js';
/** Test seam: replace the clock behind `now`/`ago` (unix ms). */
export { setNow } from './dates.js';

/** sprig v3.3.0 TxtFuncMap (GenericFuncMap: env and expandenv included). */
export function sprigFuncMap(host?: TemplateHost): FuncMap {
  return withSigs(
    {
      ...stringFuncs, ...mathFuncs, ...listFuncs, ...dictFuncs, ...defaultFuncs, ...encodingFuncs, ...pathFuncs,
      ...regexFuncs, ...semverFuncs, ...dateFuncs, ...cryptoFuncs, ...typeFuncs, ...urlFuncs, ...osFuncs(host),
    },
    SPRIG_SIGS,
  );
}

/**
 * All template functions helmfile offers: sprig's, then Helmfile's overriding them
 * (toYaml, get, required, tpl, include, exec, readFile…), `sprigGet` = sprig's get, and
 * Helm's fromYamlArray/fromJsonArray/toYamlPretty. I/O uses `this.host` of the running
 * template, falling back to `host`.
 */
export function builtinFuncMap(host?: TemplateHost): FuncMap {
  // Building the map costs a few milliseconds; renders are many, hosts few.
  const key: object = host ?? NO_HOST;
  let cached = cache.get(key);
  if (!cached) {
    cached = buildFuncMap(host);
    cache.set(key, cached);
  }
  // A copy: callers may add their own functions.
  return { ...cached };
}

const NO_HOST = {};
const cache = new WeakMap<object, FuncMap>();

function buildFuncMap(host: TemplateHost | undefined): FuncMap {
  const sprig = sprigFuncMap(host);
  const helm = withSigs(helmFuncs, HELM_SIGS);
  const helmfile = withSigs(helmfileFuncs(host), HELMFILE_SIGS);
  const sprigGet = Object.assign(function (this: unknown, ...a: unknown[]) { return sprig.get.apply(this as never, a); }, { goSig: SPRIG_SIGS.get });
  return { ...sprig, ...helm, ...helmfile, sprigGet };
}

/** Decode YAML into the template value model with go.yaml.in/yaml v3 scalar rules. */
export function parseGoYaml(text: string, opts?: GoYamlDecodeOptions): unknown {
  return decodeGoYaml(text, opts);
}

/** Decode every document of a YAML stream (a helmfile state file with `---` parts). */
export function parseGoYamlDocuments(text: string, opts?: GoYamlDecodeOptions): unknown[] {
  return decodeGoYamlAll(text, opts);
}

/** Encode a value byte-identically to go.yaml.in/yaml v3 Marshal (helmfile's toYaml). */
export function toGoYaml(value: unknown, indent = 2): string {
  return encodeGoYaml(value, indent);
}
