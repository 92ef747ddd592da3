/**
 * A large releases file for benchmarks: `releases` releases across `envs`
 * environments, each with labels, inline values, a set and (every third) a need.
 */
export function generateHelmfile(releases: number, envs: number): string {
  const lines: string[] = ['environments:'];
  for (let e = 0; e < envs; e++) {
    lines.push(`  env${e}:`, '    values:', `      - replicas: ${(e % 3) + 1}`, `        region: region-${e}`, `        tier: t${e % 4}`);
  }
  lines.push('---', 'helmDefaults:', '  wait: true', '  timeout: 300', 'commonLabels:', '  team: bench', 'releases:');
  for (let i = 0; i < releases; i++) {
    const ns = `ns${i % 25}`;
    lines.push(
      `  - name: app-${i}`,
      `    namespace: ${ns}`,
      '    chart: ./charts/app',
      '    labels:',
      `      group: g${i % 10}`,
      `      idx: "${i}"`,
      '    values:',
      `      - replicas: ${(i % 5) + 1}`,
      '        config:',
      `          name: app-${i}`,
      '    set:',
      '      - name: image.tag',
      `        value: "1.${i % 7}.0"`,
    );
    if (i % 3 === 2) lines.push('    needs:', `      - ${`ns${(i - 1) % 25}`}/app-${i - 1}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A 2,000-line-class values `.gotmpl`: fields, ranges, conditionals and pipelines per service. */
export function valuesTemplate(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(`service${i}:`);
    out.push(`  image: "{{ .Values.registry }}/app${i}:{{ .Values.tag | printf "%s" }}"`);
    out.push('  replicas: 3');
    out.push('  resources: { cpu: 100m, memory: 128Mi }');
    out.push('  {{- if .Values.enabled }}');
    out.push('  env: {{ range $k, $v := .Values.env }}{{ $k }}={{ $v }} {{ end }}');
    out.push('  {{- end }}');
    out.push('  note: {{ index .Values.env "A" | len }}');
  }
  return out.slice(0, lines).join('\n');
}
