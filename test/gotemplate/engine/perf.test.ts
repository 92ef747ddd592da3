/**
 * Rendering a 2,000-line values .gotmpl must stay well under 50 ms. Measured as CPU time
 * (process.cpuUsage) of the best of several runs, so a busy machine does not make it flaky.
 * Built code under plain node takes about 5 ms to parse and 3 ms to execute this text; jest's
 * module sandbox runs the same code several times slower (about 35 ms on a loaded 2-core box),
 * hence the looser bound here: it still catches anything quadratic, which would be 100× off.
 */
import { Template } from '../../../src/gotemplate/index.js';

function valuesTemplate(lines: number): string {
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

describe('performance', () => {
  it('parses and executes a 2,000-line values template in linear time', () => {
    const text = valuesTemplate(2000);
    const data = { Values: { registry: 'r.io', tag: 'v1', enabled: true, env: { A: '1', B: 'two' } } };
    let best = Infinity;
    let out = '';
    for (let run = 0; run < 7; run++) {
      // A different text each run, so the parse cache cannot serve it.
      const c0 = process.cpuUsage();
      out = new Template('stringTemplate', { missingkey: 'error' }).parse(`${text}\n# run ${run}`).execute(data);
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1000);
    }
    expect(out).toContain('service0:\n  image: "r.io/app0:v1"');
    expect(best).toBeLessThan(100);
  });
});
