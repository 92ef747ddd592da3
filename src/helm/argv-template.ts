/**
 * argv for `helm template` (Helmfile `TemplateReleases` + `flagsForTemplate`).
 */
import {
  capabilitiesFlags,
  chartDownloadFlags,
  chartVersionFlags,
  connectionFlags,
  enableDnsFlags,
  namespaceAndValuesFlags,
  postRenderFlags,
  skipSchemaValidationFlags,
} from './argv-common.js';
import type { HelmDefaultsSpec, HelmReleaseSpec, HelmValuesArgs } from './release-spec.js';
import type { HelmMajorVersion } from './version.js';

/** What `helmsync template` adds on top of the release's own flags. */
export interface TemplateCliOptions {
  /** Directory for `--output-dir` (already expanded per release). */
  outputDir?: string;
  includeCrds?: boolean;
  skipTests?: boolean;
  noHooks?: boolean;
  validate?: boolean;
  showOnly?: string[];
  kubeVersion?: string;
  postRenderer?: string;
  postRendererArgs?: string[];
  skipSchemaValidation?: boolean;
  /** CLI `--args` (global extra helm args) already split; replaces helmDefaults.args. */
  args?: string[];
  /** CLI `--template-args`; replaces helmDefaults.templateArgs. */
  templateArgs?: string[];
  kubeconfig?: string;
  /** `--is-upgrade`: render as an upgrade of an installed release (`.Release.IsUpgrade`), as diff/sync need. */
  isUpgrade?: boolean;
}

export interface TemplateArgvInput {
  release: HelmReleaseSpec;
  defaults: HelmDefaultsSpec;
  values: HelmValuesArgs;
  cli: TemplateCliOptions;
  helmMajor: HelmMajorVersion;
}

/** `template NAME CHART <flags…>` — pure. */
export function templateArgv(input: TemplateArgvInput): string[] {
  const { release: r, defaults: d, values, cli } = input;
  const argv = ['template', r.name, r.chart];
  argv.push(...chartVersionFlags(r, d));
  argv.push(...enableDnsFlags(r, d));
  argv.push(...postRenderFlags(r, d, cli, input.helmMajor));
  argv.push(...capabilitiesFlags(r, cli.kubeVersion));
  argv.push(...chartDownloadFlags(r, d));
  for (const s of cli.showOnly ?? []) argv.push('--show-only', s);
  argv.push(...skipSchemaValidationFlags(r, d, cli.skipSchemaValidation));
  argv.push(...namespaceAndValuesFlags(r, values));
  if (cli.outputDir) argv.push('--output-dir', cli.outputDir);
  if (cli.validate) argv.push('--validate');
  if (cli.includeCrds) argv.push('--include-crds');
  if (cli.noHooks) argv.push('--no-hooks');
  if (cli.skipTests) argv.push('--skip-tests');
  if (cli.isUpgrade) argv.push('--is-upgrade');
  argv.push(...connectionFlags(r, d, cli.kubeconfig));
  argv.push(...(cli.args ?? d.args ?? []));
  argv.push(...(cli.templateArgs ?? d.templateArgs ?? []));
  return argv;
}
