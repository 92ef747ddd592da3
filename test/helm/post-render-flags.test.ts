import { postRenderFlags, postRendererPluginName } from '../../src/helm/argv-common.js';

describe('postRenderFlags', () => {
  it('takes the release renderer, then the CLI one, then helmDefaults', () => {
    expect(postRenderFlags({ name: 'r', chart: 'c', postRenderer: './rel.bash' }, { postRenderer: './def.bash' }, { postRenderer: './cli.bash' })).toEqual(['--post-renderer', './rel.bash']);
    expect(postRenderFlags({ name: 'r', chart: 'c' }, { postRenderer: './def.bash' }, { postRenderer: './cli.bash' })).toEqual(['--post-renderer', './cli.bash']);
    expect(postRenderFlags({ name: 'r', chart: 'c' }, { postRenderer: './def.bash', postRendererArgs: ['d'] })).toEqual(['--post-renderer', './def.bash', '--post-renderer-args', 'd']);
  });

  it('keeps the path on helm 3 and names the plugin after the script on helm 4 (snapshot case postrenderer)', () => {
    const release = { name: 'foo', chart: 'c', postRenderer: '../../postrenderers/add-cm2.bash', postRendererArgs: ['x'] };
    expect(postRenderFlags(release, {}, {}, 3)).toEqual(['--post-renderer', '../../postrenderers/add-cm2.bash', '--post-renderer-args', 'x']);
    expect(postRenderFlags(release, {}, {}, 4)).toEqual(['--post-renderer', 'add-cm2', '--post-renderer-args', 'x']);
  });

  it('drops empty args, as Helmfile does', () => {
    expect(postRenderFlags({ name: 'r', chart: 'c', postRenderer: 'p', postRendererArgs: ['', 'a'] }, {})).toEqual(['--post-renderer', 'p', '--post-renderer-args', 'a']);
  });

  it('leaves plugin names and non-script paths alone on helm 4', () => {
    expect(postRendererPluginName('add-cm')).toBe('add-cm');
    expect(postRendererPluginName('/opt/bin/kustomize-pr')).toBe('/opt/bin/kustomize-pr');
    expect(postRendererPluginName('/abs/input/filter.sh')).toBe('filter');
  });
});
