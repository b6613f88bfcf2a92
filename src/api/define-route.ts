// One admin-API route = one declaration: method, path, the permission it needs, zod schemas for
// params/query/body/response, and a handler that gets parsed input. The same declaration mounts
// the route (authorize → validate → handle) and feeds the OpenAPI document, so the docs cannot
// drift from what the server enforces.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { authorize, type Permission } from '../domain/roles/permissions.js';
import { InvalidInput } from '../domain/errors.js';
import { principalOf, type Principal } from './principal.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<P, Q, B> { principal: Principal; params: P; query: Q; body: B; req: Request; res: Response }

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** Express path below /api/v1, e.g. `/members/:memberId`. */
  path: string;
  tag: string;
  summary: string;
  permission: Permission;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status and schema of the success response; `null` schema means no body (204). */
  response: { status: number; schema: z.ZodType | null; description: string; contentType?: string };
  /** Extra documented request headers (e.g. Idempotency-Key). */
  headers?: Array<{ name: string; required: boolean; description: string }>;
  /** Returns the JSON body; returning `undefined` means the handler wrote the response itself. */
  handler(input: RouteInput<P, Q, B>): Promise<unknown>;
}

export class ApiRoutes {
  readonly specs: RouteSpec<any, any, any>[] = [];

  add<P, Q, B>(router: Router, spec: RouteSpec<P, Q, B>): void {
    this.specs.push(spec);
    router[spec.method](spec.path, async (req: Request, res: Response) => {
      const principal = principalOf(req);
      authorize(principal.role, spec.permission);
      const input: RouteInput<P, Q, B> = {
        principal, req, res,
        params: parse(spec.params, req.params, 'path'),
        query: parse(spec.query, req.query, 'query'),
        body: parse(spec.body, req.body, 'body'),
      };
      const result = await spec.handler(input);
      if (result === undefined && res.headersSent) return;
      if (spec.response.schema === null) { res.status(spec.response.status).end(); return; }
      res.status(spec.response.status).json(result);
    });
  }
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : where;
  throw new InvalidInput(field, issue.message);
}
