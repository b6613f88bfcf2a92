// TXT look-ups for domain verification: the system resolver, or the DNS server named by
// DNS_RESOLVER (host:port). A resolver that does not answer is a failure the admin sees and can
// retry, never a verified domain.
import { Resolver } from 'node:dns/promises';
import type { TxtResolver } from '../domain/orgs/domain-verification.js';

export function createTxtResolver(server: string | undefined): TxtResolver {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (server) resolver.setServers([server]);
  return { resolveTxt: (name) => resolver.resolveTxt(name) };
}
