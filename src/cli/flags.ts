/**
 * Helmfile's global flags (inventory §2, cmd/root.go) plus the selector/needs
 * flags most commands share. Declared once; every command inherits them
 * through {@link BaseCommand.baseFlags}.
 */
import * as Flags from '@oclif/core/flags';

export const globalFlags = {
  file: Flags.string({ char: 'f', summary: 'Releases file or directory (helmfile.yaml, helmfile.yaml.gotmpl, helmfile.d/), or - for stdin.', env: 'HELMFILE_FILE_PATH', helpGroup: 'GLOBAL' }),
  environment: Flags.string({ char: 'e', summary: 'Environment to load (default "default").', env: 'HELMFILE_ENVIRONMENT', helpGroup: 'GLOBAL' }),
  selector: Flags.string({ char: 'l', summary: 'Only releases matching labels, e.g. -l name=x,tier!=web. Repeat to OR.', multiple: true, helpGroup: 'GLOBAL' }),
  namespace: Flags.string({ char: 'n', summary: 'Override every release namespace.', helpGroup: 'GLOBAL' }),
  chart: Flags.string({ char: 'c', summary: 'Override every release chart.', helpGroup: 'GLOBAL' }),
  'kube-context': Flags.string({ summary: 'Kubernetes context for every release.', helpGroup: 'GLOBAL' }),
  kubeconfig: Flags.string({ summary: 'Path to the kubeconfig file.', helpGroup: 'GLOBAL' }),
  'helm-binary': Flags.string({ char: 'b', summary: 'Path to the helm binary.', helpGroup: 'GLOBAL' }),
  'kustomize-binary': Flags.string({ char: 'k', summary: 'Path to the kustomize binary.', helpGroup: 'GLOBAL' }),
  'state-values-set': Flags.string({ summary: 'Set state values: a.b=x (repeatable, comma-separated).', multiple: true, helpGroup: 'GLOBAL' }),
  'state-values-set-string': Flags.string({ summary: 'Set state values as strings (repeatable).', multiple: true, helpGroup: 'GLOBAL' }),
  'state-values-file': Flags.string({ summary: 'State values file (repeatable).', multiple: true, helpGroup: 'GLOBAL' }),
  strict: Flags.boolean({ summary: "Refuse Helmfile v0-era layouts as Helmfile v1 does, instead of loading them with a warning.", helpGroup: 'GLOBAL' }),
  'allow-no-matching-release': Flags.boolean({ summary: 'Exit 0 instead of 3 when no release matches the selectors.', helpGroup: 'GLOBAL' }),
  quiet: Flags.boolean({ char: 'q', summary: 'Only warnings and errors on stderr.', helpGroup: 'GLOBAL' }),
  debug: Flags.boolean({ summary: 'Debug logging and stack traces.', helpGroup: 'GLOBAL' }),
  'log-level': Flags.string({ summary: 'Log level: debug, info, warn, error.', helpGroup: 'GLOBAL' }),
  color: Flags.boolean({ summary: 'Force colour on (--no-color: off; NO_COLOR also turns it off).', allowNo: true, helpGroup: 'GLOBAL' }),
  'skip-deps': Flags.boolean({ summary: 'Skip helm repo update and helm dependency build.', helpGroup: 'GLOBAL' }),
  'skip-refresh': Flags.boolean({ summary: 'Skip helm repo update only.', helpGroup: 'GLOBAL' }),
  'include-needs': Flags.boolean({ summary: 'With -l, also the direct needs of the selected releases.', helpGroup: 'GLOBAL' }),
  'include-transitive-needs': Flags.boolean({ summary: 'With -l, also all needs, transitively.', helpGroup: 'GLOBAL' }),
  'skip-needs': Flags.boolean({ summary: 'With -l, do not add needs (default).', allowNo: true, helpGroup: 'GLOBAL' }),
  'sequential-helmfiles': Flags.boolean({ summary: 'Process several releases files one after the other.', helpGroup: 'GLOBAL' }),
  'enable-live-output': Flags.boolean({ summary: 'Stream helm output as it happens (accepted for compatibility).', helpGroup: 'GLOBAL' }),
  interactive: Flags.boolean({ char: 'i', summary: 'Ask before changing anything.', helpGroup: 'GLOBAL' }),
  'oci-plain-http': Flags.boolean({ summary: 'Plain HTTP for OCI registries.', helpGroup: 'GLOBAL' }),
  'disable-force-update': Flags.boolean({ summary: 'Do not pass --force-update to helm repo add.', helpGroup: 'GLOBAL' }),
  'strip-args-values-on-exit-error': Flags.boolean({ summary: 'Redact values from helm args in errors (default on).', allowNo: true, default: true, helpGroup: 'GLOBAL' }),
  'repo-retries': Flags.integer({ summary: 'Retries for helm repo operations.', helpGroup: 'GLOBAL' }),
};

/** Per-command shared flags: `--args`, `--set`, `--values`, `--concurrency`. */
export const releaseFlags = {
  args: Flags.string({ summary: 'Extra arguments passed to every helm call (space-separated).' }),
  set: Flags.string({ summary: 'Extra --set for every release (repeatable).', multiple: true }),
  values: Flags.string({ summary: 'Extra values file for every release (repeatable; relative to the releases file dir).', multiple: true }),
  concurrency: Flags.integer({ summary: 'Parallel helm calls (default: rendering one per CPU, upgrades unlimited; 0: unlimited).', min: 0 }),
};
