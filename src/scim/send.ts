// Writes a SCIM response: application/scim+json (RFC 7644 §3.1), with Location on creation.
// A list is streamed once it passes 64 KiB: each resource is rendered and serialised on its own
// and written in pieces, so a count=1000 page is never held twice (as objects and as one big
// string). A smaller page goes out in one write with a Content-Length (most lookups: one row).
import type { Response } from 'express';
import { LIST_RESPONSE } from './schemas.js';

const PIECE = 65_536;

export function sendScim(res: Response, status: number, body: unknown, location?: string): void {
  if (location) res.set('Location', location);
  res.status(status).type('application/scim+json').send(JSON.stringify(body));
}

export function sendScimList<T>(res: Response, total: number, startIndex: number, rows: readonly T[], render: (row: T) => unknown): void {
  // The first row is rendered before anything is sent: a bad attribute list fails there, as a 400.
  let chunk = `{"schemas":${JSON.stringify([LIST_RESPONSE])},"totalResults":${total},"startIndex":${startIndex},"itemsPerPage":${rows.length},"Resources":[` +
    (rows.length ? JSON.stringify(render(rows[0]!)) : '');
  let streaming = false;
  for (let i = 1; i < rows.length; i++) {
    chunk += ',' + JSON.stringify(render(rows[i]!));
    if (chunk.length > PIECE) {
      if (!streaming) { res.status(200).type('application/scim+json'); streaming = true; }
      res.write(chunk);
      chunk = '';
    }
  }
  if (streaming) res.end(`${chunk}]}`);
  else res.status(200).type('application/scim+json').send(`${chunk}]}`);
}
