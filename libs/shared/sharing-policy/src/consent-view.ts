import {
  ConsentExpiredData,
  ConsentExpiredV1,
  ConsentGrantedData,
  ConsentGrantedV1,
  ConsentWithdrawnData,
  ConsentWithdrawnV1,
  SafeguardingOverrideRecordedData,
  SafeguardingOverrideRecordedV1,
} from '@tellonce/contracts';
import type { ConsentRecordView, OverrideView } from './decide-sharing';

/** A service's own copy of what it needs to decide sharing, fed by consent events. */
export interface SharingView {
  records: ConsentRecordView[];
  overrides: OverrideView[];
}

/** The parts of a CloudEvent the fold needs (a consumed `CloudEvent` fits as it is). */
export interface ConsentEventLike {
  type: string;
  time: string;
  data: unknown;
}

export const CONSENT_EVENT_TYPES: readonly string[] = [ConsentGrantedV1.type, ConsentWithdrawnV1.type, ConsentExpiredV1.type, SafeguardingOverrideRecordedV1.type];

export function emptySharingView(): SharingView {
  return { records: [], overrides: [] };
}

/** The record a ConsentGrantedV1 describes; `recordedAt` is the event time. */
export function recordFromGranted(data: ConsentGrantedData, recordedAt: Date): ConsentRecordView {
  const record: ConsentRecordView = {
    id: data.consentId,
    familyId: data.familyId,
    decision: data.decision,
    subjectPersonIds: [...data.subjectPersonIds],
    agencyIds: [...data.agencyIds],
    purposes: [...data.purposes],
    dataCategories: [...data.dataCategories],
    status: 'active',
    recordedAt,
  };
  if (data.expiresAt) record.expiresAt = new Date(data.expiresAt);
  return record;
}

export function overrideFromRecorded(data: SafeguardingOverrideRecordedData, recordedAt: Date): OverrideView {
  return { id: data.overrideId, familyId: data.familyId, agencyId: data.agencyId, recordedAt };
}

function withStatus(view: SharingView, consentId: string, status: 'withdrawn' | 'expired'): SharingView {
  // A withdrawal is final: a late expiry event must not turn it into "expired", nor the reverse.
  return { ...view, records: view.records.map((r) => (r.id === consentId && r.status === 'active' ? { ...r, status } : r)) };
}

/**
 * Folds one consent event into a view and returns the new view (the input is not changed).
 * Idempotent: a redelivered event changes nothing. Unknown event types leave the view as it was.
 * Services that persist their view can use recordFromGranted/overrideFromRecorded per row instead.
 */
export function applyConsentEvent(view: SharingView, event: ConsentEventLike): SharingView {
  const at = new Date(event.time);
  switch (event.type) {
    case ConsentGrantedV1.type: {
      const data = event.data as ConsentGrantedData;
      if (view.records.some((r) => r.id === data.consentId)) return view;
      return { ...view, records: [...view.records, recordFromGranted(data, at)] };
    }
    case ConsentWithdrawnV1.type:
      return withStatus(view, (event.data as ConsentWithdrawnData).consentId, 'withdrawn');
    case ConsentExpiredV1.type:
      return withStatus(view, (event.data as ConsentExpiredData).consentId, 'expired');
    case SafeguardingOverrideRecordedV1.type: {
      const data = event.data as SafeguardingOverrideRecordedData;
      if (view.overrides.some((o) => o.id === data.overrideId)) return view;
      return { ...view, overrides: [...view.overrides, overrideFromRecorded(data, at)] };
    }
    default:
      return view;
  }
}
