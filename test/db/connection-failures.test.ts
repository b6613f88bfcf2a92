// Which driver errors are an outage (STORAGE_UNAVAILABLE) and which are the query's own fault. The
// shapes are those node-postgres, pg-pool and Node's net module produce; a query error such as a
// unique violation must stay what it is, or constraint-errors.ts could not map it.
import { asStorageUnavailable, isConnectionFailure } from '../../src/db/connection-failures.js';
import { StorageUnavailable } from '../../src/db/errors.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
const sysError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });

const OUTAGES: Array<[string, unknown]> = [
  ['server stopped (pg_ctl stop -m fast)', pgError('57P01', 'terminating connection due to administrator command')],
  ['server crashed', pgError('57P02', 'terminating connection because of crash of another server process')],
  ['server starting or shutting down', pgError('57P03', 'the database system is shutting down')],
  ['too many connections', pgError('53300', 'sorry, too many clients already')],
  ['connection failure (class 08)', pgError('08006', 'connection failure')],
  ['protocol violation (class 08)', pgError('08P01', 'protocol violation')],
  ['nothing listens', sysError('ECONNREFUSED')],
  ['connection reset', sysError('ECONNRESET')],
  ['host unreachable', sysError('EHOSTUNREACH')],
  ['name does not resolve', sysError('ENOTFOUND')],
  ['localhost refused on every address', Object.assign(new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' })],
  ['an AggregateError without a code', new AggregateError([sysError('ECONNREFUSED')], '')],
  ['socket closed mid-query', new Error('Connection terminated unexpectedly')],
  ['client ended', new Error('Connection terminated')],
  ['pool wait timed out', new Error('timeout exceeded when trying to connect')],
  ['connect timed out', new Error('Connection terminated due to connection timeout')],
  ['query on a broken client', new Error('Client has encountered a connection error and is not queryable')],
  ['already translated', new StorageUnavailable(null)],
];

const QUERY_ERRORS: Array<[string, unknown]> = [
  ['unique violation', Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', constraint: 'members_user_name_unique' })],
  ['check violation', Object.assign(new Error('new row violates check constraint'), { code: '23514' })],
  ['invalid text (NUL byte)', Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' })],
  ['serialization failure', Object.assign(new Error('could not serialize access'), { code: '40001' })],
  ['statement cancelled', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
  ['syntax error', Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' })],
  ['our own bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ['not an error', 'ECONNREFUSED'],
  ['nothing', null],
];

describe('connection failures', () => {
  test.each(OUTAGES)('%s is an outage, and becomes STORAGE_UNAVAILABLE keeping the cause', (_name, err) => {
    expect(isConnectionFailure(err)).toBe(true);
    const translated = asStorageUnavailable(err) as StorageUnavailable;
    expect(translated).toBeInstanceOf(StorageUnavailable);
    expect(translated.code).toBe('STORAGE_UNAVAILABLE');
    if (!(err instanceof StorageUnavailable)) expect(translated.cause).toBe(err);
  });

  test.each(QUERY_ERRORS)('%s is not an outage and passes unchanged', (_name, err) => {
    expect(isConnectionFailure(err)).toBe(false);
    expect(asStorageUnavailable(err)).toBe(err);
  });
});
