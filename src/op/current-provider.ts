// The provider each process serves with, rebuilt when the published signing keys change: a
// rotation made by `seatgate keys rotate` in another process, or a retired key leaving the JWKS
// once its tokens have expired. The key set is checked at most every `keyRefreshMs`; everything
// else the provider holds lives in the database, so a rebuilt provider carries on where the old
// one stopped.
import { publishedSigningKeys } from '../domain/apps/signing-keys.js';
import { buildProvider, type OidcProvider } from './provider.js';
import type { OpDeps } from './deps.js';

export interface ProviderHolder {
  get(): Promise<OidcProvider>;
  handler(): Promise<(req: unknown, res: unknown) => void>;
}

interface Built { provider: OidcProvider; handle: (req: unknown, res: unknown) => void; keys: string; checkedAt: number }

export function providerHolder(deps: OpDeps): ProviderHolder {
  let current: Built | null = null;
  let refreshing: Promise<Built> | null = null;
  const refresh = (): Promise<Built> => (refreshing ??= (async (): Promise<Built> => {
    const keys = await publishedSigningKeys(deps.db, deps.clock.now());
    const fingerprint = keys.map((k) => `${k.kid}:${k.retiredAt ? 'verify' : 'sign'}`).join(',');
    if (current && current.keys === fingerprint) {
      current.checkedAt = Date.now();
      return current;
    }
    const provider = await buildProvider(deps, keys);
    current = { provider, handle: provider.callback(), keys: fingerprint, checkedAt: Date.now() };
    return current;
  })().finally(() => { refreshing = null; }));
  const fresh = async () => (current && Date.now() - current.checkedAt < deps.keyRefreshMs ? current : refresh());
  return {
    get: async () => (await fresh()).provider,
    handler: async () => (await fresh()).handle,
  };
}
