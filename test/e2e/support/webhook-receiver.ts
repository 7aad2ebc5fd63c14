// A partner's webhook endpoint on loopback for e2e tests: keeps every delivery, answers 200.
// WEBHOOK_ALLOW_INSECURE is true in the test stack, so http://127.0.0.1 receivers are accepted.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: Record<string, string>;
  body: string;
}

export interface PartnerCloudEvent {
  id: string;
  type: string;
  specversion: string;
  data: { referralId: string; routeId: string; familyId: string; agencyId: string; needCodes: string[]; status: string };
}

export class Receiver {
  readonly received: Received[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')]));
      this.received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Deliveries whose CloudEvent is about the given family (receivers see their agency's whole traffic). */
  about(familyId: string): { received: Received; event: PartnerCloudEvent }[] {
    return this.received.map((received) => ({ received, event: JSON.parse(received.body) as PartnerCloudEvent })).filter(({ event }) => event.data?.familyId === familyId);
  }
}
