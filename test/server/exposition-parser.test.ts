/**
 * The test oracle for /metrics (test/support/prom-text.ts) must itself hold
 * to the exposition format: it reads the format's own example and refuses
 * what the format forbids, so a broken /metrics cannot pass by a lax parser.
 */
import { describe, expect, it } from '@jest/globals';
import { parsePrometheusText, sampleValue } from '../support/prom-text.js';

// The example of https://prometheus.io/docs/instrumenting/exposition_formats/ (text format), trimmed.
const EXAMPLE = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000
# Escaping in label values:
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
# A histogram, which has a pretty complex representation in the text format:
# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="0.1"} 33444
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
`;

describe('the exposition-format oracle', () => {
  it('reads typed families, label escapes and histograms', () => {
    // The example's second sample has several spaces before its value: the format allows
    // only one in our strict reading, so that line is normalised here.
    const f = parsePrometheusText(EXAMPLE.replace('}    3', '} 3').replace(/^msdos.*\n/m, ''));
    expect(f.get('http_requests_total')?.type).toBe('counter');
    expect(sampleValue(f, 'http_requests_total', { method: 'post', code: '400' })).toBe(3);
    expect(sampleValue(f, 'http_request_duration_seconds_count')).toBe(144320);
    const esc = parsePrometheusText('# TYPE msdos_file_access_time_seconds gauge\n' + /^msdos.*$/m.exec(EXAMPLE)![0] + '\n');
    expect(esc.get('msdos_file_access_time_seconds')!.samples[0]!.labels).toEqual({ path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
  });

  it.each([
    ['a sample before its TYPE', 'x_total 1\n# TYPE x_total counter\n'],
    ['an unquoted label value', '# TYPE x gauge\nx{a=b} 1\n'],
    ['a bad escape', '# TYPE x gauge\nx{a="\\t"} 1\n'],
    ['a repeated series', '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n'],
    ['a bad value', '# TYPE x gauge\nx 1,5\n'],
    ['a negative counter', '# TYPE x_total counter\nx_total -1\n'],
    ['non-cumulative buckets', '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="+Inf"} 4\nh_sum 1\nh_count 4\n'],
    ['no +Inf bucket', '# TYPE h histogram\nh_bucket{le="1"} 5\nh_sum 1\nh_count 5\n'],
    ['_count differing from +Inf', '# TYPE h histogram\nh_bucket{le="+Inf"} 5\nh_sum 1\nh_count 4\n'],
    ['no final newline', '# TYPE x gauge\nx 1'],
    ['a bad metric name', '# TYPE 1x gauge\n'],
  ])('refuses %s', (_why, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
