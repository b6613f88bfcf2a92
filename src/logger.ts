// Structured JSON logs (pino). Secrets never reach a log line: the redact list names the places
// where they could appear.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino({
    level,
    base: { service: 'seatgate' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.secret'],
      censor: '[redacted]',
    },
  }, pino.destination({ fd: destination, sync: destination === 2 }));
}
