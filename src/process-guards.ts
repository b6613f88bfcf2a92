// Last line of defence for the server process: a database connection failure that escaped every
// handler (an 'error' event or a rejected promise nobody listened to) is logged and the process
// carries on — the pool drops the broken connection and reconnects, so there is nothing to
// recover by dying. Anything else is a bug: it is logged as fatal and the process exits 1, as
// Node would, so a supervisor restarts it. This is not a catch-all; the sources of connection
// errors are handled where they arise (src/db/server-pool.ts) and tested there.
import type { Logger } from './logger.js';
import { isConnectionFailure } from './db/connection-failures.js';

export function installProcessGuards(logger: Logger, proc: NodeJS.Process = process): void {
  const handle = (kind: 'uncaughtException' | 'unhandledRejection') => (err: unknown) => {
    if (isConnectionFailure(err)) {
      logger.error({ err, kind }, 'a database connection failure reached the process unhandled; carrying on');
      return;
    }
    logger.fatal({ err, kind }, `${kind}: exiting`);
    console.error(err);
    proc.exit(1);
  };
  proc.on('uncaughtException', handle('uncaughtException'));
  proc.on('unhandledRejection', handle('unhandledRejection'));
}
