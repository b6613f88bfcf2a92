import type { Command } from '../command.js';

export const serve: Command = {
  words: ['serve'],
  usage: 'seatgate serve',
  summary: 'run the HTTP service (same as npm start)',
  options: {},
  async run() {
    const { serve: run } = await import('../../main.js');
    await run();
    return { json: null, text: '' };
  },
};
