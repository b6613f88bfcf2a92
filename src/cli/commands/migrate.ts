import type { Command } from '../command.js';
import { migrateToLatest } from '../../db/migrate.js';

export const migrate: Command = {
  words: ['migrate'],
  usage: 'seatgate migrate [--json]',
  summary: 'apply pending database migrations',
  options: {},
  async run(ctx) {
    // ctx.db() already migrates; run again to report what is current.
    const report = await migrateToLatest(await ctx.db());
    return { json: report, text: `Database schema is at ${report.current ?? '(empty)'}.` };
  },
};
