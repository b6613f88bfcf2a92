// `seatgate serve`: the HTTP service, as `npm start` runs it.
import { defineCommand } from '../command.js';

export const serve = defineCommand({
  words: ['serve'],
  summary: 'run the HTTP service (same as npm start)',
  options: {},
  example: ['serve'],
  notes: ['Stops on SIGTERM or SIGINT, letting requests in flight finish (SHUTDOWN_TIMEOUT_MS).'],
  async run() {
    const { serve: run } = await import('../../main.js');
    await run();
    return { json: null, text: '' };
  },
});
