// `seatgate migrate`: bring the database schema up to this version (open-database.ts says when
// the CLI migrates, and why it never migrates a running server's embedded database).
import { defineCommand } from '../command.js';

export const migrate = defineCommand({
  words: ['migrate'],
  summary: 'apply pending database migrations',
  options: {},
  example: ['migrate'],
  notes: [
    'While a server runs on the embedded database, this only checks that its schema is this version\'s:',
    'the server migrates when it starts, and a schema changed under it could break it (SCHEMA_MISMATCH).',
  ],
  async run(ctx) {
    // Opening the database migrates it (or, through a server's socket, checks it); report that.
    await ctx.db();
    const report = ctx.migration()!;
    return { json: report, text: `Database schema is at ${report.current ?? '(empty)'}.` };
  },
});
