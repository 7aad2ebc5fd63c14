'use strict';
// Creates the topics of deploy/kafka/topics.json on an existing cluster (KAFKA_BROKERS). Used by
// the kafka-init container in docker-compose.yml and the Kubernetes job; local start uses infra.js.
const { kafkaReady, ensureTopics } = require('./infra');

(async () => {
  const admin = await kafkaReady(process.env.KAFKA_BROKERS || '127.0.0.1:9092', 120_000);
  try {
    await ensureTopics(admin);
  } finally {
    await admin.disconnect();
  }
  process.stdout.write('topics ready\n');
})().catch((e) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
