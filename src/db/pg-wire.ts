// The few pieces of the PostgreSQL frontend/backend protocol (v3, PostgreSQL docs §55.7) that
// the database socket needs: cutting the client's byte stream into whole messages, reading the
// transaction status of the last ReadyForQuery in a response, and building the messages the
// bridge itself sends (Sync, a simple Query, a fatal ErrorResponse).

export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** A single message may not exceed this (a local CLI never comes near; a flood is cut off). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
export type TransactionStatus = 'I' | 'T' | 'E';

export class ProtocolViolation extends Error {}

/**
 * The first whole message in `buffer` and the rest, or null when more bytes are needed. Before
 * start-up, messages have no type byte (StartupMessage, SSLRequest, CancelRequest).
 */
export function takeMessage(buffer: Buffer, startedUp: boolean): { message: Buffer; rest: Buffer } | null {
  const header = startedUp ? 5 : 4;
  if (buffer.length < header) return null;
  const length = buffer.readInt32BE(startedUp ? 1 : 0);
  if (length < 4 || length > MAX_MESSAGE_BYTES) throw new ProtocolViolation(`invalid message length ${length}`);
  const total = length + (startedUp ? 1 : 0);
  if (buffer.length < total) return null;
  return { message: buffer.subarray(0, total), rest: buffer.subarray(total) };
}

/** The request code of an untyped start-up phase message (protocol version or a special code). */
export function startupCode(message: Buffer): number {
  return message.length >= 8 ? message.readInt32BE(4) : 0;
}

/** The status of the last ReadyForQuery ('Z') in a backend response, or null when it has none. */
export function lastReadyStatus(response: Uint8Array): TransactionStatus | null {
  const view = Buffer.from(response.buffer, response.byteOffset, response.byteLength);
  let status: TransactionStatus | null = null;
  for (let at = 0; at + 5 <= view.length;) {
    const type = view[at]!;
    const length = view.readInt32BE(at + 1);
    if (length < 4) break;
    if (type === 0x5a && length === 5 && at + 6 <= view.length) status = String.fromCharCode(view[at + 5]!) as TransactionStatus;
    at += 1 + length;
  }
  return status;
}

export const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

export function simpleQuery(sql: string): Buffer {
  const text = Buffer.from(sql + '\0', 'utf8');
  const head = Buffer.alloc(5);
  head.write('Q', 0, 'latin1');
  head.writeInt32BE(4 + text.length, 1);
  return Buffer.concat([head, text]);
}

/** A FATAL ErrorResponse the client shows before the connection closes. */
export function fatalError(sqlstate: string, message: string): Buffer {
  const fields = Buffer.concat([
    field('S', 'FATAL'), field('V', 'FATAL'), field('C', sqlstate), field('M', message), Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write('E', 0, 'latin1');
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

function field(code: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(code, 'latin1'), Buffer.from(value + '\0', 'utf8')]);
}
