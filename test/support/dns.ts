// A real DNS server on loopback (dns2, UDP) answering TXT queries from a table the test edits;
// names not in the table are NXDOMAIN. Point Seatgate at it with DNS_RESOLVER=127.0.0.1:<port>.
import dns2 from 'dns2';

export interface TestDns { resolver: string; txt: Map<string, string[][]>; queries: string[]; stop(): Promise<void> }

export async function startTestDns(): Promise<TestDns> {
  const { Packet } = dns2;
  const txt = new Map<string, string[][]>();
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = String(question?.name ?? '').toLowerCase();
      queries.push(name);
      const records = txt.get(name);
      if (!records) response.header.rcode = 3; // NXDOMAIN
      else for (const data of records) response.answers.push({ name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data } as never);
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return { resolver: `127.0.0.1:${addresses.udp!.port}`, txt, queries, stop: () => server.close() };
}
