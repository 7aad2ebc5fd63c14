import 'reflect-metadata';
import { DeadLetterStore, GatewayConfig } from '@tellonce/gateway';
import { validateConfig } from '@tellonce/platform';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';

// `npm run dlq -- list | show <id> | replay <id>`: the same dead-letter tooling as GET/POST
// /v1/ops/dead-letters, for operators at a shell. KAFKA_BROKERS and REDIS_URL as for the gateway.
const USAGE = 'usage: npm run dlq -- list | show <partition-offset> | replay <partition-offset>';

async function main(argv: string[]): Promise<number> {
  const [command, id] = argv;
  if (command !== 'list' && !((command === 'show' || command === 'replay') && id)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = validateConfig(GatewayConfig);
  const kafka = new Kafka({ clientId: 'tellonce-dlq-cli', brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
  const store = new DeadLetterStore(kafka, redis);
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  try {
    if (command === 'list') {
      print(await store.list());
      return 0;
    }
    if (command === 'show') {
      const found = await store.show(id);
      if (!found) {
        process.stderr.write(`no dead letter ${id}\n`);
        return 1;
      }
      print(found);
      return 0;
    }
    const result = await store.replay(id);
    print(result);
    return result.outcome === 'replayed' ? 0 : 1;
  } finally {
    await store.close();
    redis.disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dlq failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
