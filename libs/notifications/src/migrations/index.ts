import { NotificationsTables1764000000000 } from './1764000000000-notifications-tables';

export const NOTIFICATIONS_MIGRATIONS = [NotificationsTables1764000000000];
