/**
 * `helmsync schema` prints the releases file's JSON Schema, the same one the
 * package ships as dist/schema/helmfile.schema.json (written by npm run build),
 * and a file validated against it in the editor's way (ajv over the parsed
 * YAML) gets the loader's verdict: the demo fixture passes, a typo is refused.
 */
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { stateJsonSchema } from '../../src/state/json-schema.js';
import { repoRoot, runCli, sandbox } from '../support/cli.js';

describe('helmsync schema', () => {
  it('prints the schema the package ships, derived from the loader', async () => {
    const sb = sandbox();
    try {
      const r = await runCli(['schema'], { env: sb.env });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const printed = JSON.parse(r.stdout) as Record<string, unknown>;
      const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
      expect(printed).toEqual(stateJsonSchema(version));
      expect(JSON.parse(readFileSync(join(repoRoot, 'dist', 'schema', 'helmfile.schema.json'), 'utf8'))).toEqual(printed);
      const compact = await runCli(['schema', '--compact'], { env: sb.env });
      expect(compact.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(compact.stdout)).toEqual(printed);

      const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(printed);
      const demo = parse(readFileSync(join(repoRoot, 'fixtures', 'e2e-cluster', 'helmfile.yaml'), 'utf8'));
      expect([validate(demo), validate.errors]).toEqual([true, null]);
      expect(validate(parse('releases:\n- name: web\n  chart: ./c\n  vaules: [a.yaml]\n'))).toBe(false);
      expect(validate.errors?.some((e: { params?: unknown }) => e.params && (e.params as { additionalProperty?: string }).additionalProperty === 'vaules')).toBe(true);
    } finally {
      sb.cleanup();
    }
  });
});
