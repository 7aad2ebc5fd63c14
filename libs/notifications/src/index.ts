export * from './notifications.module';
export * from './notifications.settings';
export * from './entities';
export * from './migrations';
export * from './queues/queue-names';
export * from './services/notifications-ops.service';
export * from './domain/retry-schedule';
export * from './smtp-sink/smtp-sink';
