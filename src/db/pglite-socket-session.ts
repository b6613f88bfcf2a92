// One client connection on the database socket, bridged to the server's PGlite through its wire
// protocol API. Guarantees: the client's messages run only while this session holds the pool's
// turn (PGlitePool.acquire), taken at its first message and given back only when PGlite answers
// ReadyForQuery with status 'I' (idle). So a client statement never runs inside a server
// transaction, and a client transaction (status 'T' or 'E', or extended-protocol messages before
// their Sync) has the connection to itself until COMMIT or ROLLBACK. A client that goes away, or
// idles inside a transaction longer than the limit, is rolled back before the turn is returned.
import type { Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import {
  CANCEL_REQUEST, GSSENC_REQUEST, SSL_REQUEST, SYNC, fatalError, lastReadyStatus, simpleQuery, startupCode, takeMessage,
} from './pg-wire.js';

export interface ConnectionTurns { acquire(): Promise<() => void> }

export interface SessionOptions {
  /** How long a client may sit inside a transaction without sending anything (default 10 s). */
  idleInTransactionMs?: number;
  onError?: (err: Error) => void;
}

export class SocketSession {
  #buffer: Buffer = Buffer.alloc(0);
  #startedUp = false;
  #release: (() => void) | null = null;
  #closed = false;
  #work: Promise<void> = Promise.resolve();
  #idleTimer: NodeJS.Timeout | null = null;
  /** Settles once the session is closed and its turn (if any) is given back. */
  readonly finished: Promise<void>;

  constructor(private readonly socket: Socket, private readonly pglite: PGlite, private readonly turns: ConnectionTurns,
    private readonly options: SessionOptions = {}) {
    let done!: () => void;
    this.finished = new Promise<void>((resolve) => { done = resolve; });
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
      this.#enqueue(() => this.#drain());
    });
    socket.on('error', () => { /* a client that vanished: 'close' follows */ });
    socket.on('close', () => {
      this.#closed = true;
      this.#clearIdleTimer();
      this.#enqueue(() => this.#giveBack()).then(done, done);
    });
  }

  /** Ends the session (server shutdown): the client sees a fatal error, its transaction is rolled back. */
  terminate(reason: string): void {
    this.#kill('57P01', reason);
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    this.#work = this.#work.then(step).catch((err: Error) => {
      this.options.onError?.(err);
      this.#kill('XX000', 'the database socket failed; see the server log');
    });
    return this.#work;
  }

  async #drain(): Promise<void> {
    this.#clearIdleTimer();
    for (;;) {
      if (this.#closed) return;
      const next = takeMessage(this.#buffer, this.#startedUp);
      if (!next) break;
      this.#buffer = next.rest;
      await this.#handle(Buffer.from(next.message));
    }
    if (this.#release && !this.#closed) this.#armIdleTimer();
  }

  async #handle(message: Buffer): Promise<void> {
    if (!this.#startedUp) {
      const code = startupCode(message);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) { this.socket.write('N'); return; }
      if (code === CANCEL_REQUEST) { this.socket.end(); return; }
      this.#startedUp = true;
    } else if (message[0] === 0x58) { // Terminate
      this.socket.end();
      return;
    }
    if (!this.#release) this.#release = await this.turns.acquire();
    if (this.#closed) return;
    const response = await this.#exec(message);
    if (response.length && !this.socket.destroyed) this.socket.write(response);
    if (lastReadyStatus(response) === 'I') this.#giveTurn();
  }

  #exec(message: Uint8Array): Promise<Uint8Array> {
    return this.pglite.runExclusive(() => this.pglite.execProtocolRaw(message));
  }

  /** After the client left: end any half-done exchange and transaction, then give the turn back. */
  async #giveBack(): Promise<void> {
    if (!this.#release) return;
    try {
      if (!this.#startedUp) return;
      const status = lastReadyStatus(await this.#exec(SYNC));
      if (status !== 'I') await this.#exec(simpleQuery('ROLLBACK'));
    } finally {
      this.#giveTurn();
    }
  }

  #giveTurn(): void {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  #armIdleTimer(): void {
    const ms = this.options.idleInTransactionMs ?? 10_000;
    this.#idleTimer = setTimeout(() => this.#kill('25P03', `terminating connection: idle in a transaction for more than ${ms} ms`), ms);
    this.#idleTimer.unref();
  }

  #clearIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  #kill(sqlstate: string, message: string): void {
    if (this.socket.destroyed) return;
    if (this.#startedUp) this.socket.write(fatalError(sqlstate, message));
    this.socket.end();
    this.socket.destroySoon();
  }
}
