// The embedded database belongs to one process: a second server on the same DATA_DIR is refused
// with DATA_DIR_IN_USE, and a SIGTERM'd server exits 0 and hands the directory back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNode, startNode, waitForOutput } from '../support/processes.js';

describe('one process per embedded DATA_DIR [pglite]', () => {
  let dataDir: string;
  beforeAll(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-lock-')); });
  afterAll(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

  test('a second server is refused while the server runs; after SIGTERM the server exits 0 and the directory is free', async () => {
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
    const server = startNode(['dist/main.js'], env);
    try {
      // Creating a new embedded database (initdb in WASM) takes seconds, many on a busy machine.
      const [, url] = await waitForOutput(server, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 150_000);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      // The CLI is no second owner: it uses the server's database through its socket (test/cli/shared-server.test.ts).
      const cli = await runNode(['bin/seatgate.js', 'org', 'list', '--json'], { DATA_DIR: dataDir });
      expect({ code: cli.code, stdout: JSON.parse(cli.stdout) }).toEqual({ code: 0, stdout: [] });

      const second = await runNode(['dist/main.js'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('is in use by another Seatgate process');

      server.kill('SIGTERM');
      const exit = await server.finished;
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(fs.existsSync(path.join(dataDir, 'seatgate.lock'))).toBe(false);

      const after = await runNode(['bin/seatgate.js', 'org', 'list', '--json'], { DATA_DIR: dataDir });
      expect({ code: after.code, stdout: JSON.parse(after.stdout) }).toEqual({ code: 0, stdout: [] });
    } finally {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
  }, 300_000);
});
