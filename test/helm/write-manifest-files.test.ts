import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeManifestFiles } from '../../src/app/template.js';

// Helm 3 writes --output-dir files before post-rendering, so helmsync writes the post-rendered
// stdout itself in helm's layout (Helmfile issue 2515).
describe('writeManifestFiles', () => {
  const fs = {
    mkdir: (p: string) => mkdirSync(p, { recursive: true }),
    writeFile: (p: string, d: string | Uint8Array) => writeFileSync(p, d),
  } as unknown as Parameters<typeof writeManifestFiles>[2]['fs'];

  it('writes each # Source document to its file and a sourceless document to the file before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmsync-wmf-'));
    try {
      const stdout = [
        '---', '# Source: raw/templates/a.yaml', 'kind: A', '---', '# Source: raw/templates/b.yaml', 'kind: B1',
        '---', '# Source: raw/templates/b.yaml', 'kind: B2', '---', 'kind: Added', '',
      ].join('\n');
      const log = writeManifestFiles(stdout, dir, { fs });
      expect(log).toBe(`wrote ${join(dir, 'raw/templates/a.yaml')}\nwrote ${join(dir, 'raw/templates/b.yaml')}`);
      expect(readFileSync(join(dir, 'raw/templates/a.yaml'), 'utf8')).toBe('---\n# Source: raw/templates/a.yaml\nkind: A\n');
      expect(readFileSync(join(dir, 'raw/templates/b.yaml'), 'utf8')).toBe(
        '---\n# Source: raw/templates/b.yaml\nkind: B1\n---\n# Source: raw/templates/b.yaml\nkind: B2\n---\nkind: Added\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
