import type { Command } from '../command.js';

export const migrate: Command = {
  words: ['migrate'],
  usage: 'seatgate migrate [--json]',
  summary: 'apply pending database migrations',
  options: {},
  async run(ctx) {
    // Opening the database migrates it; report what that applied.
    await ctx.db();
    const report = ctx.migration()!;
    return { json: report, text: `Database schema is at ${report.current ?? '(empty)'}.` };
  },
};
