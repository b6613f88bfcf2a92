// Writes a SCIM response: application/scim+json (RFC 7644 §3.1), with Location on creation.
import type { Response } from 'express';

export function sendScim(res: Response, status: number, body: unknown, location?: string): void {
  if (location) res.set('Location', location);
  res.status(status).type('application/scim+json').send(JSON.stringify(body));
}
