import { UserError } from '../../src/errors/index.js';
import { TtyPrompter } from '../../src/ui/prompter.js';
import { useColor } from '../../src/ui/color.js';
import { parseLogLevel, StderrLogger } from '../../src/ui/logger.js';
import { paint } from '../../src/ui/color.js';

describe('TtyPrompter', () => {
  it('refuses to prompt without a terminal and says to pass --yes', async () => {
    const err = await new TtyPrompter({ isTTY: false, ci: false }).confirm('apply?').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).hint).toMatch(/--yes/);
  });
  it('the multi-select refuses without a terminal too, saying to pass --yes', async () => {
    const err = await new TtyPrompter({ isTTY: false, ci: false }).multiSelect('pick', [{ name: 'a', message: 'a' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).hint).toMatch(/--yes/);
  });
  it('refuses in CI even on a terminal', async () => {
    await expect(new TtyPrompter({ isTTY: true, ci: true }).confirm('apply?')).rejects.toBeInstanceOf(UserError);
  });
});

describe('useColor', () => {
  it('--color/--no-color win, then NO_COLOR, then the terminal', () => {
    expect(useColor({ flag: true, env: { NO_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(useColor({ flag: false, env: {}, isTTY: true })).toBe(false);
    expect(useColor({ env: { NO_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(useColor({ env: {}, isTTY: true })).toBe(true);
    expect(useColor({ env: {}, isTTY: false })).toBe(false);
  });
});

describe('StderrLogger', () => {
  it('drops lines below its level and keeps text uncoloured without colour', () => {
    const out: string[] = [];
    const log = new StderrLogger({ level: parseLogLevel('warn')!, write: (t) => out.push(t), paint: paint(false) });
    log.info('hidden');
    log.debug('hidden');
    log.warn('careful');
    log.error('broken');
    expect(out).toEqual(['careful\n', 'broken\n']);
  });
  it('colours warnings when colour is on', () => {
    const out: string[] = [];
    new StderrLogger({ level: 'debug', write: (t) => out.push(t), paint: paint(true) }).warn('w');
    expect(out[0]).toBe('\u001b[33mw\u001b[39m\n');
  });
});
