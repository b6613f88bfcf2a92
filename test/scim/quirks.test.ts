// Replays of real IdP request shapes (test/scim/quirks/<idp>-<quirk>.json), one per named quirk
// normalizer or behaviour in docs/scim-compat.md. Each file is a sequence of requests with the
// expected status and a partial expected body; `save` keeps the created id as a {{variable}}.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { scim, scimOrg } from './support.js';

interface Step { method: string; path: string; body?: unknown; headers?: Record<string, string>; expect: { status: number; body?: unknown }; save?: string }
interface Replay { source: string; steps: Step[] }

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'quirks');
const replays = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Replay] as const);

function fill<T>(value: T, vars: Record<string, string>): T {
  return JSON.parse(JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? `{{${k}}}`)) as T;
}

describeEachDatabase('IdP quirk replays', (kind) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(kind); });
  afterAll(async () => { await server.stop(); });

  test.each(replays)('%s', async (_name, replay) => {
    expect(replay.source).toBeTruthy();
    const o = await scimOrg(server, { standard: 5, premium: 0 });
    const vars: Record<string, string> = {};
    for (const [i, raw] of replay.steps.entries()) {
      const step = fill(raw, vars);
      const [p, query] = step.path.split('?');
      const url = query ? `${p}?${query.split('&').map((kv) => { const [k, v] = kv.split('='); return `${k}=${encodeURIComponent(v ?? '')}`; }).join('&')}` : p!;
      const res = await scim(o, step.method, url, step.body, step.headers);
      expect({ step: i, status: res.status }).toEqual({ step: i, status: step.expect.status });
      if (step.expect.body) expect(res.body).toMatchObject(step.expect.body as Record<string, unknown>);
      if (step.save) vars[step.save] = res.body.id;
    }
    expect(await seatInvariantViolations(server.db.db)).toEqual([]);
  });
});
