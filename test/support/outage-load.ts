// Traffic for the database-outage test: SCIM workers that create users and look them up by
// `userName eq` the way Okta does, an admin-API worker and a sign-in-page worker, each recording
// every answer with the time it was asked and answered, so the test can judge what was said while
// PostgreSQL was away and what was acknowledged before and after.

export type SampleKind = 'scim-create' | 'scim-lookup' | 'admin' | 'login-page' | 'sso-start';

export interface Sample {
  kind: SampleKind;
  started: number;
  ended: number;
  /** 0 when no answer came (connection refused, reset or timed out). */
  status: number;
  retryAfter: string | null;
  contentType: string;
  body: string;
  /** For creates: the userName sent. */
  userName?: string;
}

export interface Target {
  url: string;
  scimToken: string;
  apiKey: string;
  /** A verified domain of the org, for userNames and the sign-in page. */
  domain: string;
  ssoStartPath: string;
}

const REQUEST_TIMEOUT_MS = 20_000;

export async function ask(kind: SampleKind, url: string, init: RequestInit = {}, userName?: string): Promise<Sample> {
  const started = Date.now();
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...init });
    const body = await res.text();
    return {
      kind, started, ended: Date.now(), status: res.status, retryAfter: res.headers.get('retry-after'),
      contentType: res.headers.get('content-type') ?? '', body, ...(userName ? { userName } : {}),
    };
  } catch (err) {
    return { kind, started, ended: Date.now(), status: 0, retryAfter: null, contentType: '', body: String(err), ...(userName ? { userName } : {}) };
  }
}

export const scimCreate = (t: Target, userName: string) => ask('scim-create', `${t.url}/scim/v2/Users`, {
  method: 'POST',
  headers: { authorization: `Bearer ${t.scimToken}`, 'content-type': 'application/scim+json' },
  body: JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true, password: 'never-stored-1!',
    name: { givenName: 'Out', familyName: 'Age' }, emails: [{ value: userName, type: 'work', primary: true }],
  }),
}, userName);

export const scimLookup = (t: Target, userName: string) => ask('scim-lookup',
  `${t.url}/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`,
  { headers: { authorization: `Bearer ${t.scimToken}` } });

export const adminRead = (t: Target) => ask('admin', `${t.url}/api/v1/seats`, { headers: { authorization: `Bearer ${t.apiKey}` } });

export const loginPage = (t: Target) => ask('login-page', `${t.url}/login?email=${encodeURIComponent(`someone@${t.domain}`)}`,
  { headers: { accept: 'text/html' } });

export const ssoStart = (t: Target) => ask('sso-start', `${t.url}${t.ssoStartPath}`, { headers: { accept: 'text/html' } });

export class Load {
  readonly samples: Sample[] = [];
  #stopped = false;
  #workers: Promise<void>[] = [];
  #seq = 0;

  constructor(private readonly t: Target, private readonly prefix: string) {}

  start(scimWorkers: number): void {
    for (let i = 0; i < scimWorkers; i++) this.#workers.push(this.#loop(() => this.#scimRound()));
    this.#workers.push(this.#loop(async () => { this.samples.push(await adminRead(this.t)); }));
    this.#workers.push(this.#loop(async () => { this.samples.push(await loginPage(this.t)); }));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#workers);
  }

  count(kind: SampleKind, status: number): number {
    return this.samples.filter((s) => s.kind === kind && s.status === status).length;
  }

  async #scimRound(): Promise<void> {
    const userName = `${this.prefix}-${++this.#seq}@${this.t.domain}`;
    this.samples.push(await scimCreate(this.t, userName));
    this.samples.push(await scimLookup(this.t, userName));
  }

  async #loop(round: () => Promise<void>): Promise<void> {
    while (!this.#stopped) {
      await round();
      // A client backs off a little between requests; without it an outage is a busy loop.
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
