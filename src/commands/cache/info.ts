import { BaseCommand } from '../../cli/base-command.js';

export default class CacheInfo extends BaseCommand<typeof CacheInfo> {
  static override summary = "Print the remote-source cache directory and its entries (Helmfile's cache info).";

  public async run(): Promise<void> {
    const { cacheInfo } = await import('../../app/cache.js');
    this.out(cacheInfo(this.deps).text);
  }
}
