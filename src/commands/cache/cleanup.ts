import { BaseCommand } from '../../cli/base-command.js';

export default class CacheCleanup extends BaseCommand<typeof CacheCleanup> {
  static override summary = "Remove every entry of the remote-source cache (Helmfile's cache cleanup).";

  public async run(): Promise<void> {
    const { cacheCleanup } = await import('../../app/cache.js');
    this.out(cacheCleanup(this.deps).text);
  }
}
