// A product behind Seatgate: signs people in with openid-client and shows what Seatgate says.
import express from 'express';
import * as client from 'openid-client';

const { SEATGATE_URL, CLIENT_ID, CLIENT_SECRET, PORT = '3001' } = process.env;
const redirectUri = `http://localhost:${PORT}/callback`;
const insecure = SEATGATE_URL.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {}; // a laptop only
const config = await client.discovery(new URL(SEATGATE_URL), CLIENT_ID, undefined, client.ClientSecretBasic(CLIENT_SECRET), insecure);
const pending = new Map(); // state → PKCE verifier; use your session store in production
const app = express();

app.get('/', async (_req, res) => {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  pending.set(state, verifier);
  res.redirect(client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid email profile groups', state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).href);
});

app.get('/callback', async (req, res) => {
  const url = new URL(req.originalUrl, redirectUri);
  const state = url.searchParams.get('state');
  if (url.searchParams.has('error')) return res.status(403).send(`Seatgate said no: ${url.searchParams.get('error_description')}`);
  const tokens = await client.authorizationCodeGrant(config, url, { pkceCodeVerifier: pending.get(state), expectedState: state });
  pending.delete(state);
  const { sub, email, name, org, role, seat_tier, entitlements, groups } = tokens.claims();
  res.json({ sub, email, name, org, role, seat_tier, entitlements, groups });
});

app.listen(Number(PORT), () => console.log(`Example app on http://localhost:${PORT}/`));
