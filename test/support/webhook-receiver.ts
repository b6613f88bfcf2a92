// A real HTTP receiver on loopback that records webhook calls and answers with the statuses it
// is told to (then 200), for tests of signing and retries.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall { headers: Record<string, string | string[] | undefined>; body: string }

export interface TestReceiver {
  url: string; calls: ReceivedCall[]; failNext(...statuses: number[]): void;
  /** Answers every call with `status` (once the planned ones are used up) until told null. */
  answerAll(status: number | null): void;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<TestReceiver> {
  const calls: ReceivedCall[] = [];
  const planned: number[] = [];
  let fallback: number | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = planned.shift() ?? fallback ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/seatgate`, calls,
    failNext: (...statuses) => { planned.push(...statuses); },
    answerAll: (status) => { fallback = status; },
    stop: () => { server.closeAllConnections(); return new Promise<void>((resolve) => server.close(() => resolve())); },
  };
}
