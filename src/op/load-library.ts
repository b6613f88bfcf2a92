// Loads oidc-provider on first use, not at start-up: a server that never serves an application,
// and every CLI command, does without it. The library prints its own warnings with console.warn
// while loading (on Node 20: "Unsupported runtime"); they go to Seatgate's log instead, once, so
// stderr keeps only what Seatgate says (Node 20.19 still runs it; docs/operations.md recommends 22+).
import type { Logger } from '../logger.js';

export type OidcProviderModule = typeof import('oidc-provider');

let loading: Promise<OidcProviderModule> | null = null;

export function loadOidcProvider(logger: Logger): Promise<OidcProviderModule> {
  return (loading ??= (async () => {
    const warn = console.warn;
    const said: string[] = [];
    console.warn = (...args: unknown[]) => { said.push(args.map(String).join(' ')); };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
      for (const line of said) logger.warn({ library: 'oidc-provider' }, line);
    }
  })());
}
