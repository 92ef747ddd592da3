/**
 * Release names and namespaces as helm and the API server accept them, checked
 * once for every selected release before the first cluster call (issue 14).
 * Without this a bad name surfaces as helm's regex dump from `helm template`,
 * and a bad namespace only when `helm upgrade --install --create-namespace`
 * asks the API server to create it — after other releases may have been written.
 *
 * The rules are helm's and Kubernetes': a release name matches helm's
 * `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$` and is at
 * most 53 characters (pkg/chartutil ValidateReleaseName); a namespace is a
 * DNS-1123 label of at most 63 characters (apimachinery IsDNS1123Label).
 */
import { UserError } from '../errors/index.js';
import { fieldLocation } from '../state/field-location.js';
import type { LoadedState } from '../state/types.js';

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RELEASE_NAME_MAX = 53;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_MAX = 63;

/** Why `name` is not a valid helm release name, or undefined when it is. */
export function releaseNameProblem(name: string): string | undefined {
  if (name.length > RELEASE_NAME_MAX) return `is ${name.length} characters; helm allows at most ${RELEASE_NAME_MAX}`;
  if (!RELEASE_NAME.test(name)) return 'is not a valid helm release name: only lower case letters, digits, "-" and ".", starting and ending with a letter or digit';
  return undefined;
}

/** Why `ns` is not a valid Kubernetes namespace, or undefined when it is. */
export function namespaceProblem(ns: string): string | undefined {
  if (ns.length > DNS1123_LABEL_MAX) return `is ${ns.length} characters; a Kubernetes namespace has at most ${DNS1123_LABEL_MAX}`;
  if (!DNS1123_LABEL.test(ns)) return 'is not a valid Kubernetes namespace (a DNS-1123 label): only lower case letters, digits and "-", starting and ending with a letter or digit';
  return undefined;
}

/** A valid spelling close to `s`: lower case, other characters to "-", trimmed to `max`. */
function suggestion(s: string, max: number, allowDots: boolean): string {
  let out = s.toLowerCase().replace(allowDots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, '-');
  if (allowDots) out = out.replace(/\.{2,}/g, '.').replace(/-?\.-?/g, '.');
  out = out.slice(0, max).replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return out || 'web';
}

/**
 * Throws a UserError for the first selected release whose name or namespace helm
 * or the API server would refuse: file:line of the key, the release, the environment.
 */
export function checkReleaseIdentities(state: LoadedState): void {
  for (const r of state.selected) {
    const env = state.files[r.fileIndex]?.environment.name;
    const id = r.namespace ? `${r.namespace}/${r.name}` : r.name;
    const nameProblem = releaseNameProblem(r.name);
    if (nameProblem) {
      throw new UserError(`release name "${r.name}" ${nameProblem}`, {
        location: fieldLocation(r, 'name'),
        release: id,
        ...(env ? { environment: env } : {}),
        hint: `rename it, e.g. name: ${suggestion(r.name, RELEASE_NAME_MAX, true)} (lower case letters, digits, "-" and "."); helm refuses the name before installing anything`,
      });
    }
    if (!r.namespace) continue;
    const nsProblem = namespaceProblem(r.namespace);
    if (!nsProblem) continue;
    const fromFlag = state.overrides.namespace !== '' && r.namespace === state.overrides.namespace;
    throw new UserError(`namespace "${r.namespace}" ${nsProblem}`, {
      ...(fromFlag ? {} : { location: fieldLocation(r, 'namespace') }),
      release: id,
      ...(env ? { environment: env } : {}),
      hint: fromFlag
        ? `pass a valid --namespace (or state-level namespace:), e.g. --namespace ${suggestion(r.namespace, DNS1123_LABEL_MAX, false)}`
        : `use e.g. namespace: ${suggestion(r.namespace, DNS1123_LABEL_MAX, false)} (lower case letters, digits and "-"); the API server would refuse to create it mid-run`,
    });
  }
}
