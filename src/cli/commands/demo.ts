import type { Command } from '../command.js';
import { wholeNumber } from '../command.js';

export const demo: Command = {
  words: ['demo'],
  usage: 'seatgate demo [--port 3000]',
  summary: 'try SSO locally: Seatgate plus a local OIDC and SAML IdP (needs devDependencies)',
  options: { port: { type: 'string' } },
  async run(_ctx, v) {
    const { runDemo } = await import('../../demo/run-demo.js');
    const stop = await runDemo(wholeNumber(v, 'port', 3000), (s) => process.stdout.write(s + '\n'));
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
    await stop();
    return { json: null, text: '' };
  },
};
