import { renderTable } from '../../src/ui/table.js';

describe('renderTable', () => {
  it('matches Helmfile list output byte for byte (snapshot issue_493_template_yaml_anchors_merge)', () => {
    const text = renderTable([
      ['NAME', 'NAMESPACE', 'ENABLED', 'INSTALLED', 'LABELS', 'CHART', 'VERSION'],
      ['release1', 'myNamespace', 'true', 'true', 'app:myapp,chart:test', 'test', ''],
    ]);
    expect(text).toBe('NAME    \tNAMESPACE  \tENABLED\tINSTALLED\tLABELS              \tCHART\tVERSION\nrelease1\tmyNamespace\ttrue   \ttrue     \tapp:myapp,chart:test\ttest\n');
  });
});
