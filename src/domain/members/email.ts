// Email addresses as identity data: trimmed, the domain lower-cased (the local part is left as
// given, RFC 5321 §2.4), and shaped like an address. Comparisons of domains use `emailDomain`.
import { InvalidInput } from '../errors.js';

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function normalizeEmail(raw: string): string {
  const trimmed = String(raw ?? '').trim();
  const at = trimmed.lastIndexOf('@');
  const email = at < 0 ? trimmed : trimmed.slice(0, at) + '@' + trimmed.slice(at + 1).toLowerCase();
  if (email.length > 320 || !EMAIL.test(email)) throw new InvalidInput('email', `"${raw}" is not an email address`);
  return email;
}

export function emailDomain(email: string): string {
  return normalizeEmail(email).split('@')[1]!;
}
