// The server process's last line of defence (src/process-guards.ts), in real child processes: a
// database connection failure that nobody handled is logged and the process lives on; any other
// unhandled error is logged as fatal and the process exits 1 — a bug is never swallowed.
import { runNode } from '../support/processes.js';

const script = (body: string) => `
import { installProcessGuards } from './dist/process-guards.js';
import { createLogger } from './dist/logger.js';
import { EventEmitter } from 'node:events';
installProcessGuards(createLogger('info'));
${body}
setTimeout(() => { console.log('still running'); process.exit(0); }, 300);
`;

const run = (body: string) => runNode(['--input-type=module', '-e', script(body)], {});

describe('process guards', () => {
  test.each([
    ['a rejected promise nobody awaited, from a dropped connection', `Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), {}));`],
    ['an unheard error event of a connection the server ended (57P01)', `setImmediate(() => new EventEmitter().emit('error', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));`],
  ])('%s is logged and the process carries on', async (_what, body) => {
    const out = await run(body);
    expect({ code: out.code, stdout: out.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('still running') });
    expect(out.stdout).toMatch(/"level":50.*"msg":"a database connection failure reached the process unhandled; carrying on"/);
  });

  test.each([
    ['an unhandled rejection that is our bug', `Promise.reject(new TypeError("Cannot read properties of undefined (reading 'id')"));`],
    ['an uncaught exception that is our bug', `setImmediate(() => { throw new RangeError('boom'); });`],
  ])('%s is logged as fatal and the process exits 1', async (_what, body) => {
    const out = await run(body);
    expect(out.code).toBe(1);
    expect(out.stdout).not.toContain('still running');
    expect(out.stdout).toMatch(/"level":60.*: exiting"/);
    expect(out.stderr).toMatch(/TypeError|RangeError/);
  });
});
