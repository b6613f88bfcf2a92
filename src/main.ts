// `npm start` / `seatgate serve`: runs the HTTP service until SIGTERM or SIGINT.
import { loadConfig, ConfigError } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { isCodedFailure } from './domain/errors.js';
import { installProcessGuards } from './process-guards.js';

export async function serve(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(2); }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  installProcessGuards(logger);
  let running;
  try {
    running = await startServer(config, logger);
  } catch (err) {
    const message = isCodedFailure(err) || (err as NodeJS.ErrnoException)?.code === 'EADDRINUSE'
      ? (err as Error).message : `Start-up failed: ${(err as Error)?.message ?? err}`;
    logger.fatal({ err }, message);
    console.error(message);
    process.exit(1);
  }
  logger.info({ url: running.url, publicUrl: config.publicUrl, database: running.database.kind, location: running.database.location }, 'listening');
  console.log(`Seatgate listening on ${running.url} (database: ${running.database.kind}, ${running.database.location})`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      running.stop().then(() => process.exit(0), (err) => { logger.error({ err }, 'shutdown failed'); process.exit(1); });
    });
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) await serve();
