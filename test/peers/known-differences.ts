/**
 * Where helmsync differs from Helmfile on purpose or for now, by comparison:
 * `<command> <case id> [<argv>]` (argv as the harness prints it) or
 * `<command> <case id>` for every argv of that case, each with the reason.
 * The README's compatibility section lists the same. A listed comparison runs
 * as it.failing in test/peers: once it agrees, the suite fails until it is
 * taken off this list.
 */
const LIST = "Helmfile v1.8.0 sorts `list` by namespace, then name (pkg/app/app.go ListReleases, after v1.7.4); helmsync keeps the releases file's order, as v1.7.4 and the corpus's expected outputs do";
const BUILD = "Helmfile v1.8.0's build prints every non-omitempty helmDefaults field (verify: false, …), chartPath of a prepared local chart and hooks' showlogs: false; helmsync prints only what is set";
const PROMO = "the file uses helmsync's own promotion: key, which Helmfile's strict decoder refuses (field promotion not found)";
export const KNOWN_PEER_DIFFERENCES: Record<string, { reason: string; helm?: 3 | 4 }> = {
  'list fixtures/e2e-cluster': { reason: LIST },
  'list fixtures/demo -e dev': { reason: LIST },
  'list fixtures/demo -e prod': { reason: LIST },
  'list integration__include-template-func': { reason: LIST },
  'list integration__issue-2409-sequential-kubecontext': { reason: LIST },
  'list integration__skip-diff-output': { reason: LIST },
  'list snapshot__environment_missing_in_subhelmfile': { reason: LIST },
  'list snapshot__issue_2098_release_template_needs': { reason: LIST },
  'list snapshot__kubedog_tracking': { reason: LIST },
  'list integration__postrender': { reason: LIST, helm: 3 },
  'build fixtures/e2e-cluster': { reason: BUILD },
  'build fixtures/e2e-cluster -l name=web': { reason: BUILD },
  'build fixtures/demo -e dev': { reason: BUILD },
  'build fixtures/demo -e prod': { reason: BUILD },
  'build fixtures/promote -e dev': { reason: PROMO },
  'list fixtures/promote -e dev': { reason: PROMO },
  'template fixtures/promote -e dev': { reason: PROMO },
  'build fixtures/promote -e staging': { reason: PROMO },
  'list fixtures/promote -e staging': { reason: PROMO },
  'template fixtures/promote -e staging': { reason: PROMO },
  'build fixtures/promote -e prod': { reason: PROMO },
  'list fixtures/promote -e prod': { reason: PROMO },
  'template fixtures/promote -e prod': { reason: PROMO },
};

/** The known difference for a comparison under a helm major, if any. */
export function knownDifference(command: string, id: string, argv: string[], helm: 3 | 4): string | undefined {
  for (const key of [`${command} ${id} [${argv.join(' ')}]`, `${command} ${id}`]) {
    const k = KNOWN_PEER_DIFFERENCES[key];
    if (k && (!k.helm || k.helm === helm)) return k.reason;
  }
  return undefined;
}
