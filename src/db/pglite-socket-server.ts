// Shares a server's embedded database with the `seatgate` CLI over a Unix socket in DATA_DIR
// (data-dir-socket.ts), speaking the PostgreSQL wire protocol. Each connection is a
// SocketSession, which takes its turns on the one PGlite connection from the same PGlitePool
// queue as the server's own queries and transactions (see pglite-socket-session.ts for the
// guarantee). We do not use @electric-sql/pglite-socket: its queue serializes its own clients
// only, so its statements could run between a server transaction's BEGIN and COMMIT.
import net from 'node:net';
import fs from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { prepareSocketDir } from './data-dir-socket.js';
import { SocketSession, type ConnectionTurns, type SessionOptions } from './pglite-socket-session.js';

export interface SharedSocket {
  path: string;
  /** Stops listening, ends every session (rolling back what is open) and removes the socket file. */
  close(): Promise<void>;
}

export interface ShareOptions extends SessionOptions {
  /** Connections served at once (default 8); more are turned away by the operating system. */
  maxConnections?: number;
}

export async function shareOverSocket(pglite: PGlite, turns: ConnectionTurns, dataDir: string, options: ShareOptions = {}): Promise<SharedSocket> {
  const file = prepareSocketDir(dataDir);
  const sessions = new Set<SocketSession>();
  const server = net.createServer((socket) => {
    const session = new SocketSession(socket, pglite, turns, options);
    sessions.add(session);
    void session.finished.then(() => sessions.delete(session));
  });
  server.maxConnections = options.maxConnections ?? 8;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => { server.off('error', reject); resolve(); });
  });
  // The directory is already 0700; the file's own mode makes that hold where it is copied or linked.
  fs.chmodSync(file, 0o600);
  server.on('error', (err) => options.onError?.(err));

  let closing: Promise<void> | null = null;
  return {
    path: file,
    close: () => (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.terminate('the Seatgate server is shutting down');
      await Promise.all([...sessions].map((s) => s.finished));
      await stopped;
      fs.rmSync(file, { force: true });
    })()),
  };
}
