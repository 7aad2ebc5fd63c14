import { appendFileSync } from 'node:fs';
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  from: string | null;
  to: string[];
  raw: string;
  receivedAt: string;
}

export interface SmtpSink {
  smtpPort: number;
  httpPort: number;
  messages(): SunkMail[];
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  smtpPort?: number;
  httpPort?: number;
  host?: string;
  /** Appends every message as one JSON line. */
  file?: string;
}

/**
 * A local SMTP server that accepts every message (no auth, no TLS) and keeps it: in memory,
 * optionally in a JSON-lines file, and on `GET /messages` over HTTP. Development and tests only.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const received: SunkMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        const mail: SunkMail = {
          from: mailFrom ? mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          receivedAt: new Date().toISOString(),
        };
        received.push(mail);
        if (options.file) appendFileSync(options.file, JSON.stringify(mail) + '\n');
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  const http: HttpServer = createHttpServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/messages')) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(received));
      return;
    }
    if (req.method === 'DELETE' && req.url?.startsWith('/messages')) {
      received.length = 0;
      res.statusCode = 204;
      res.end();
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => http.listen(options.httpPort ?? 0, host, resolve));
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    httpPort: (http.address() as AddressInfo).port,
    messages: () => [...received],
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
