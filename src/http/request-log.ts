// One log line per request, written when the answer is finished: method, path (never the query,
// which may carry a filter with personal data), status, duration and the request id. The line is
// `info` (`warn` for a 503: an outage or an overload, `error` for any other 5xx); health checks are
// not logged. Handlers log through `req.log`, a child logger bound to the request id only, so a
// line costs one small object and nothing is serialised per request beyond it.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { requestId } from './request-id.js';

declare module 'http' {
  interface IncomingMessage {
    id?: string;
    log?: Logger;
  }
}

const QUIET_PATHS = new Set(['/healthz', '/readyz']);

export function requestLog(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const id = requestId(req, res);
    req.id = id;
    req.log = logger.child({ reqId: id });
    const path = req.path;
    if (!QUIET_PATHS.has(path)) {
      res.once('finish', () => {
        const status = res.statusCode;
        const line = { reqId: id, method: req.method, path, status, ms: Number(process.hrtime.bigint() - started) / 1e6 };
        if (status === 503) logger.warn(line, 'request');
        else if (status >= 500) logger.error(line, 'request');
        else logger.info(line, 'request');
      });
    }
    next();
  };
}
