/** Safe readers over an event's `data` (already schema-checked, but later event types are unknown to us). */
export type EventData = Readonly<Record<string, unknown>>;

export function asEventData(data: unknown): EventData {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as EventData) : {};
}

export function text(data: EventData, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function texts(data: EventData, key: string): string[] {
  const value = data[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function object(data: EventData, key: string): EventData | undefined {
  const value = data[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as EventData) : undefined;
}

export function objects(data: EventData, key: string): EventData[] {
  const value = data[key];
  return Array.isArray(value) ? value.map(asEventData) : [];
}
