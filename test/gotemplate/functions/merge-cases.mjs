/**
 * The merge-family cases of the Go oracle (scripts/oracles/sprig-merge.mjs):
 * every pair of "", false, 0, nil, a value, a map and a missing key on either side
 * of merge/mergeOverwrite (and the must* forms), flat and nested one level, plus
 * the shapes the issue names. Plain data, shared by the oracle script and the test.
 */
const VALUES = [
  ['str', '"x"'],
  ['empty', '""'],
  ['true', 'true'],
  ['false', 'false'],
  ['one', '1'],
  ['zero', '0'],
  ['nil', 'nil'],
  ['map', '(dict "b" 1)'],
  ['emptymap', 'dict'],
  ['list', '(list 1)'],
  ['missing', undefined],
];

function dict(v) {
  return v === undefined ? '(dict)' : `(dict "a" ${v})`;
}

const cases = [];
for (const fn of ['merge', 'mergeOverwrite', 'mustMerge', 'mustMergeOverwrite']) {
  for (const [dn, dv] of VALUES) {
    for (const [sn, sv] of VALUES) {
      cases.push({ id: `${fn} dst=${dn} src=${sn}`, template: `{{ ${fn} ${dict(dv)} ${dict(sv)} | toJson }}` });
      if (fn === 'merge' || fn === 'mergeOverwrite') {
        cases.push({ id: `${fn} nested dst=${dn} src=${sn}`, template: `{{ ${fn} (dict "n" ${dict(dv)}) (dict "n" ${dict(sv)}) | toJson }}` });
      }
    }
  }
  // Several sources, and dst mutated in place.
  cases.push({ id: `${fn} three`, template: `{{ $d := dict "a" "x" "b" "" }}{{ $_ := ${fn} $d (dict "a" "" "b" "y") (dict "a" "z" "c" 0) }}{{ $d | toJson }}` });
}
export const MERGE_CASES = cases;
