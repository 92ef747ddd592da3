/**
 * The data Helmfile passes to templates (pkg/state/types.go EnvironmentTemplateData and
 * release_template_data.go), shaped with Go's exported field names.
 */
import type { Plain } from './merge.js';

/** `.Environment`. */
export interface EnvironmentData {
  Name: string;
  KubeContext: string;
  Values: Plain;
}

/** Data for state-file parts and environment/top-level `.gotmpl` values files. */
export interface EnvironmentTemplateData {
  Environment: EnvironmentData;
  /** The `--namespace` override ('' when none). */
  Namespace: string;
  Values: Plain;
  StateValues: Plain;
}

/** `.Release` in release templates. */
export interface ReleaseData {
  Name: string;
  Namespace: string;
  Labels: Record<string, string>;
  Chart: string;
  ChartVersion: string;
  KubeContext: string;
}

/** Data for release templates and release `.gotmpl` values files. */
export interface ReleaseTemplateData extends EnvironmentTemplateData {
  Release: ReleaseData;
  /** The `--kube-context` override ('' when none). */
  KubeContext: string;
  /** The `--chart` override ('' when none). */
  Chart: string;
}

export function environmentData(name: string, kubeContext: string, values: Plain, namespaceOverride: string): EnvironmentTemplateData {
  return {
    Environment: { Name: name, KubeContext: kubeContext, Values: values },
    Namespace: namespaceOverride,
    Values: values,
    StateValues: values,
  };
}
