import type { ConsumerConfig, Kafka } from 'kafkajs';
import { KafkaEventConsumer } from './kafka-event-consumer';

/** Runs `body` with these environment variables set (undefined: unset), then puts them back. */
async function withEnv(env: Record<string, string | undefined>, body: () => Promise<void> | void): Promise<void> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(env);
  try {
    await body();
  } finally {
    apply(saved);
  }
}

/** A consumer whose Kafka client records the consumer options it is asked for (and goes no further). */
function recordingConsumer() {
  const asked: ConsumerConfig[] = [];
  const kafka = {
    consumer: (config: ConsumerConfig) => {
      asked.push(config);
      throw new Error('no broker in a unit test');
    },
  } as unknown as Kafka;
  return { consumer: new KafkaEventConsumer(null as never, kafka, null as never, 'group', null as never, null as never), asked };
}

describe('KafkaEventConsumer settings', () => {
  it('asks the broker to answer fetches at once unless a service waits for fuller fetches', () =>
    withEnv({ CONSUMER_FETCH_WAIT_MS: undefined }, async () => {
      const plain = recordingConsumer();
      await expect(plain.consumer.start()).rejects.toThrow('no broker');
      expect(plain.asked[0]).not.toHaveProperty('maxWaitTimeInMs');
      expect(plain.asked[0]).not.toHaveProperty('minBytes');

      const projection = recordingConsumer();
      projection.consumer.waitForFullerFetches(250, 64 * 1024);
      await expect(projection.consumer.start()).rejects.toThrow('no broker');
      expect(projection.asked[0]).toMatchObject({ groupId: 'group', maxWaitTimeInMs: 250, minBytes: 64 * 1024 });
    }));

  it("lets CONSUMER_FETCH_WAIT_MS override a service's fuller fetches (0 turns them off)", async () => {
    await withEnv({ CONSUMER_FETCH_WAIT_MS: '0' }, async () => {
      const off = recordingConsumer();
      off.consumer.waitForFullerFetches(250, 64 * 1024);
      await expect(off.consumer.start()).rejects.toThrow('no broker');
      expect(off.asked[0]).not.toHaveProperty('maxWaitTimeInMs');
    });
    await withEnv({ CONSUMER_FETCH_WAIT_MS: '500' }, () => {
      const longer = recordingConsumer();
      longer.consumer.waitForFullerFetches(250, 1024);
      expect(longer.consumer.settings).toMatchObject({ fetchWaitMs: 500, fetchMinBytes: 1024 });
    });
  });

  it("lets CONSUMER_TRANSACTION_BATCH override a service's runs of events", async () => {
    await withEnv({ CONSUMER_TRANSACTION_BATCH: undefined }, () => {
      const service = recordingConsumer();
      service.consumer.handleRunsOfEventsTogether(50);
      expect(service.consumer.settings.transactionBatchSize).toBe(50);
    });
    await withEnv({ CONSUMER_TRANSACTION_BATCH: '1' }, () => {
      const overridden = recordingConsumer();
      overridden.consumer.handleRunsOfEventsTogether(50);
      expect(overridden.consumer.settings.transactionBatchSize).toBe(1);
    });
  });
});
