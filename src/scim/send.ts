// Writes a SCIM response: application/scim+json (RFC 7644 §3.1), with Location on creation.
// A list is streamed: each resource is rendered and serialised on its own and written as it is
// ready, so a count=1000 page is never held twice (as objects and as one big string).
import type { Response } from 'express';
import { LIST_RESPONSE } from './schemas.js';

export function sendScim(res: Response, status: number, body: unknown, location?: string): void {
  if (location) res.set('Location', location);
  res.status(status).type('application/scim+json').send(JSON.stringify(body));
}

export function sendScimList<T>(res: Response, total: number, startIndex: number, rows: readonly T[], render: (row: T) => unknown): void {
  // The first row is rendered before anything is sent: a bad attribute list fails there, as a 400.
  let chunk = rows.length ? JSON.stringify(render(rows[0]!)) : '';
  res.status(200).type('application/scim+json');
  res.write(`{"schemas":${JSON.stringify([LIST_RESPONSE])},"totalResults":${total},"startIndex":${startIndex},"itemsPerPage":${rows.length},"Resources":[`);
  rows.forEach((row, i) => {
    if (i === 0) return;
    chunk += ',' + JSON.stringify(render(row));
    // Flush in pieces of about 64 KiB: few writes, and no page-sized string.
    if (chunk.length > 65_536) { res.write(chunk); chunk = ''; }
  });
  res.end(`${chunk}]}`);
}
