/**
 * CloudEvents 1.0 envelope as TellOnce uses it. On Kafka it travels in binary mode: attributes
 * as `ce_*` headers, `data` as the JSON value. Headers hold ids and types only, never personal data.
 */
export interface CloudEvent<TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject?: string;
  datacontenttype: 'application/json';
  /** Kafka key and partition key: the family id for family events, so a family's events stay in order. */
  partitionkey: string;
  correlationid: string;
  causationid?: string;
  traceparent?: string;
  data: TData;
}

const ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'partitionkey', 'correlationid', 'causationid', 'traceparent'] as const;

export function toKafkaHeaders(event: CloudEvent): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': event.datacontenttype };
  for (const attribute of ATTRIBUTES) {
    const value = event[attribute];
    if (value !== undefined && attribute !== 'traceparent') headers[`ce_${attribute}`] = value;
  }
  if (event.traceparent) headers['traceparent'] = event.traceparent;
  return headers;
}

export class MalformedEventError extends Error {}

export function fromKafkaMessage(headers: Record<string, string | undefined>, value: Buffer | null): CloudEvent {
  const get = (name: string): string | undefined => headers[`ce_${name}`];
  const required = ['specversion', 'id', 'source', 'type', 'time', 'partitionkey', 'correlationid'];
  for (const name of required) {
    if (!get(name)) throw new MalformedEventError(`missing header ce_${name}`);
  }
  if (get('specversion') !== '1.0') throw new MalformedEventError('unsupported ce_specversion');
  let data: unknown;
  try {
    data = JSON.parse((value ?? Buffer.from('null')).toString('utf8'));
  } catch {
    throw new MalformedEventError('data is not JSON');
  }
  return {
    specversion: '1.0',
    id: get('id')!,
    source: get('source')!,
    type: get('type')!,
    time: get('time')!,
    subject: get('subject'),
    datacontenttype: 'application/json',
    partitionkey: get('partitionkey')!,
    correlationid: get('correlationid')!,
    causationid: get('causationid'),
    traceparent: headers['traceparent'],
    data,
  };
}

/** Structured-mode JSON (webhook bodies, partner topics): the whole event as one object. */
export function toStructured(event: CloudEvent): Record<string, unknown> {
  return { ...event };
}
