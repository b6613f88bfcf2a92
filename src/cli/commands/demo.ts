// `seatgate demo`: Seatgate with a local OIDC and SAML IdP, for trying SSO on one machine.
import { defineCommand } from '../command.js';
import { wholeNumber } from '../arguments.js';

export const demo = defineCommand({
  words: ['demo'],
  summary: 'try SSO locally: Seatgate plus a local OIDC and SAML IdP (needs devDependencies)',
  options: { port: { type: 'string', value: 'PORT', help: 'the port Seatgate listens on, 1 to 65535 (default 3000)' } },
  example: ['demo', '--port', '3000'],
  notes: ['Runs on a fresh embedded database until Ctrl-C.'],
  parse: (v) => ({ port: wholeNumber(v, 'port', { min: 1, max: 65535, fallback: 3000 }) }),
  async run(_ctx, { port }) {
    const { runDemo } = await import('../../demo/run-demo.js');
    const stop = await runDemo(port, (s) => process.stdout.write(s + '\n'));
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
    await stop();
    return { json: null, text: '' };
  },
});
