import { Kafka, logLevel, Producer } from 'kafkajs';
import './kafkajs-request-queue-fix';

export const KAFKA = Symbol('KAFKA');

export function createKafka(clientId: string, brokers: string): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
  });
}

/** acks=all, idempotent, one request in flight: no duplicates or reordering from producer retries. */
export function createSafeProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
}
