import { startSmtpSink } from '@tellonce/notifications';

// Local SMTP sink: `node dist/apps/notifications/src/smtp-sink.js`; mail is kept in
// SMTP_SINK_FILE (JSON lines) and served on GET http://127.0.0.1:<SMTP_SINK_HTTP_PORT>/messages.
void startSmtpSink({
  smtpPort: Number(process.env.SMTP_SINK_PORT || 1025),
  httpPort: Number(process.env.SMTP_SINK_HTTP_PORT || 1080),
  file: process.env.SMTP_SINK_FILE || 'smtp-sink.jsonl',
}).then((sink) => {
  process.stdout.write(`smtp sink on 127.0.0.1:${sink.smtpPort}, messages on http://127.0.0.1:${sink.httpPort}/messages\n`);
});
