import { loadConfig, ConfigError } from '../../src/config.js';
import { runNode } from '../support/processes.js';

describe('configuration from the environment', () => {
  test('defaults: port 3000 on all interfaces, the embedded database under ./data, info logs', () => {
    const config = loadConfig({});
    // Each area's own variables are tested beside that area; these are the foundation's.
    expect(config).toMatchObject({
      port: 3000, host: '0.0.0.0', publicUrl: 'http://localhost:3000', databaseUrl: undefined, databasePoolMax: 10,
      dataDir: './data', logLevel: 'info', shutdownTimeoutMs: 10000, trustProxy: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('reads every variable, treating empty values as unset and trimming a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({
      PORT: '8080', HOST: '127.0.0.1', PUBLIC_URL: 'https://seatgate.example.com/', DATABASE_URL: 'postgresql://u:p@db:5432/seatgate',
      DATABASE_POOL_MAX: '20', DATA_DIR: '/var/lib/seatgate', LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '500', TRUST_PROXY: 'true', HOST_EMPTY: '',
    })).toMatchObject({
      port: 8080, host: '127.0.0.1', publicUrl: 'https://seatgate.example.com', databaseUrl: 'postgresql://u:p@db:5432/seatgate',
      databasePoolMax: 20, dataDir: '/var/lib/seatgate', logLevel: 'debug', shutdownTimeoutMs: 500, trustProxy: true,
    });
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  test.each([
    ['PORT', 'abc'], ['PORT', '70000'], ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://root@db/seatgate'], ['DATABASE_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'], ['PUBLIC_URL', 'ftp://seatgate.example.com'], ['DATABASE_POOL_MAX', '0'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'], ['TRUST_PROXY', 'maybe'],
  ])('stops on %s=%s with one line naming the variable and what it expects', (name, value) => {
    let err: unknown;
    try { loadConfig({ [name]: value }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(new RegExp(`^Configuration error: ${name} must be .+ \\(got "${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\)$`));
  });

  test('the server refuses to start on a bad variable: exit 2 and the one line on stderr', async () => {
    const run = await runNode(['dist/main.js'], { PORT: 'abc' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('Configuration error: PORT must be an integer from 0 to 65535 (got "abc")');
  });
});
