/** Unit tests of label and field selector parsing and matching. */
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, selectorToString } from './selectors.js';

describe('label selectors', () => {
  const labels = { name: 'demo', owner: 'helm', status: 'deployed', tier: 'web' };
  it.each([
    ['name=demo,owner=helm', true],
    ['name==demo', true],
    ['status!=deployed', false],
    ['missing!=x', true],
    ['tier in (web, db)', true],
    ['tier notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing,name=demo', true],
    ['name=other', false],
    ['', true],
  ])('%s → %s', (sel, want) => {
    expect(matchesLabels(parseLabelSelector(sel), labels)).toBe(want);
  });
  it('rejects malformed terms with 400', () => {
    expect(() => parseLabelSelector('a b c')).toThrow(/unable to parse requirement/);
  });
  it('renders LabelSelector objects as the scale subresource does', () => {
    expect(selectorToString({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['x', 'y'] }, { key: 'd', operator: 'DoesNotExist' }] })).toBe('a=1,b=2,c in (x,y),!d');
  });
});

describe('field selectors', () => {
  const pod = { metadata: { name: 'p', namespace: 'n' }, status: { phase: 'Running' }, type: 'Opaque' };
  it('matches metadata.name, status.phase and negations', () => {
    expect(matchesFields(parseFieldSelector('metadata.name=p,status.phase=Running'), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase!=Running'), pod)).toBe(false);
    expect(matchesFields(parseFieldSelector('metadata.namespace==n,type=Opaque'), pod)).toBe(true);
  });
});
