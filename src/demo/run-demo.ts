// `seatgate demo`: Seatgate on a fresh embedded database with a local OIDC IdP and a local SAML
// IdP, an organization with three seats (1 premium, 2 standard), and the URLs to try both
// protocols in a browser. Seat changes are printed as they happen. Needs the devDependencies
// oidc-provider and samlify (run it from a clone after `npm ci`).
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startServer } from '../server.js';
import { createOrg } from '../domain/orgs/orgs.js';
import { seatCounts } from '../domain/seats/allocator.js';
import { addOidcConnection, addSamlConnection } from '../domain/sso/connections.js';
import { systemClock } from '../domain/clock.js';
import { describeCounts } from '../domain/errors.js';
import { oidcEndpoints, samlEndpoints } from '../federation/endpoints.js';
import { startDemoSamlIdp } from './saml-idp.js';
import { startDemoOidcIdp } from './oidc-idp.js';

const DOMAIN = 'acme.test';

export async function runDemo(port: number, out: (s: string) => void): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-demo-'));
  const publicUrl = `http://localhost:${port}`;
  const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: publicUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SSO_FETCH_ALLOW_PRIVATE: 'true' });
  const running = await startServer(config, createLogger('warn', 2));
  try {
    return await seed(running, port, publicUrl, dataDir, out);
  } catch (err) {
    await running.stop();
    throw err;
  }
}

async function seed(running: Awaited<ReturnType<typeof startServer>>, port: number, publicUrl: string, dataDir: string, out: (s: string) => void): Promise<() => Promise<void>> {
  const db = running.database.db;
  const ctx = { method: 'cli' as const, actor: { type: 'cli' as const, label: 'demo' }, clock: systemClock };
  const { org } = await createOrg(db, { name: 'Acme (demo)', slug: 'acme', domains: [DOMAIN], seats: { premium: 1, standard: 2 } }, ctx);

  const keyDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../demo/keys');
  const samlIdp = await startDemoSamlIdp(port + 2, keyDir);
  const saml = await addSamlConnection(db, { orgId: org.id, label: 'Demo SAML IdP', idpEntityId: samlIdp.entityId, ssoUrl: samlIdp.ssoUrl, certificates: [samlIdp.certificate] });
  samlIdp.registerSp(await (await fetch(`${running.url}/sso/saml/${saml.id}/metadata`)).text());

  const clientSecret = randomBytes(32).toString('base64url');
  const oidc = await addOidcConnection(db, { orgId: org.id, label: 'Demo OIDC IdP', issuer: `http://localhost:${port + 1}`, clientId: 'seatgate-demo', clientSecret });
  const oidcIdp = await startDemoOidcIdp(port + 1, { clientId: 'seatgate-demo', clientSecret, redirectUri: oidcEndpoints(publicUrl, oidc.id).redirectUri }, DOMAIN);

  out([
    '', 'Seatgate demo is running.', '',
    `  Organization "Acme (demo)", verified domain ${DOMAIN}, seats: ${describeCounts(await seatCounts(db, org.id))}`, '',
    `  Sign in with SAML (home realm discovery): ${publicUrl}/login   (type e.g. alice@${DOMAIN})`,
    `  Sign in with SAML directly:               ${samlEndpoints(publicUrl, saml.id).loginUrl}`,
    `  Sign in with OIDC:                        ${oidcEndpoints(publicUrl, oidc.id).loginUrl}   (any login name, any password)`,
    `  Who am I:                                 ${publicUrl}/account   (JSON: ${publicUrl}/me)`,
    '', `  Three different people get seats (premium first, then standard); the fourth sees the "no available seats" page.`,
    `  Sign out between people:                  ${publicUrl}/logout   (or use a private window per person). Ctrl-C stops everything.`, '',
  ].join('\n'));

  let last = '';
  const timer = setInterval(async () => {
    const now = describeCounts(await seatCounts(db, org.id).catch(() => null as never));
    if (now && now !== last) { if (last) out(`seats: ${now}`); last = now; }
  }, 1000);
  return async () => {
    clearInterval(timer);
    await Promise.allSettled([samlIdp.close(), oidcIdp.close()]);
    await running.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
