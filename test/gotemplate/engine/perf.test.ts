/**
 * A 2,000-line values .gotmpl renders completely and correctly. How fast is measured by
 * `npm run bench` (test/bench/run.ts, goal < 50 ms), never asserted here: timings on a
 * shared machine are noise.
 */
import { Template } from '../../../src/gotemplate/index.js';
import { valuesTemplate } from '../../bench/generate.js';

describe('a large values template', () => {
  it('parses and executes a 2,000-line values template', () => {
    const text = valuesTemplate(2000);
    const data = { Values: { registry: 'r.io', tag: 'v1', enabled: true, env: { A: '1', B: 'two' } } };
    const out = new Template('stringTemplate', { missingkey: 'error' }).parse(text).execute(data);
    expect(out).toContain('service0:\n  image: "r.io/app0:v1"');
    expect(out).toContain('  env: A=1 B=two \n  note: 1');
    expect(out.split('\n')).toHaveLength(2000 - 2 * 250);
  });
});
