import { BaseCommand } from '../cli/base-command.js';

export default class Version extends BaseCommand<typeof Version> {
  static override summary = 'Print the helmsync version (as --version does).';

  public async run(): Promise<void> {
    this.out(`${this.config.userAgent}\n`);
  }
}
