// Shapes of the public API (shared/PRODUCT.md) the console reads. Extra fields are ignored.

export interface Member {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  expectedDueDate?: string;
  relationship: string;
  livesInHousehold?: boolean;
  nhsNumber?: string;
}

export interface PossibleDuplicate {
  familyId: string;
  score: number;
  reasons: string[];
}

export interface Family {
  id: string;
  reference: string;
  hubId: string;
  members: Member[];
  address?: { postcode: string; line1?: string };
  contact?: { phone?: string; email?: string } | null;
  possibleDuplicates?: PossibleDuplicate[];
}

export interface Route {
  id: string;
  agencyId: string;
  serviceId: string;
  needCodes: string[];
  status: string;
  reason?: string | null;
  statusReason?: string | null;
  updatedAt?: string;
}

export interface ReferralNeed {
  id: string;
  code: string;
  urgency?: string;
  personId?: string | null;
  notes?: string | null;
}

export interface Referral {
  id: string;
  reference: string;
  familyId: string;
  familyReference?: string;
  hubId?: string;
  channel?: string;
  status: string;
  story?: string;
  needs: ReferralNeed[];
  routes: Route[];
  unmetNeeds?: unknown[];
  createdAt?: string;
}

export interface Consent {
  id: string;
  status: string;
  decision: 'permit' | 'deny';
  subjectPersonIds: string[];
  grantedByPersonId: string;
  agencyIds: string[];
  purposes: string[];
  dataCategories?: string[];
  method: string;
  expiresAt?: string;
  recordedAt?: string;
  withdrawnAt?: string;
}

export interface PlanAction {
  id: string;
  description: string;
  agencyId: string;
  dueDate: string;
  outcomeId?: string | null;
  status: string;
  /** Hub staff only: the family has not shared its plan with this action's agency yet. */
  awaitingConsent?: boolean;
}

export interface PlanOutcome {
  id: string;
  description: string;
  distanceTravelled?: { reviewId: string; at: string; score: number }[];
}

export interface PlanReview {
  id: string;
  summary: string;
  attendees?: { name: string; agencyId: string }[];
  outcomeProgress?: { outcomeId: string; score: number }[];
  nextReviewDate?: string;
  heldAt?: string;
}

export interface Plan {
  id: string;
  familyId?: string;
  status: string;
  levelOfNeed: string;
  /** `whole`: everything; `own-actions`: the frame and the caller's agency's actions only (no lead, outcomes or reviews). */
  scope?: 'whole' | 'own-actions';
  leadPractitioner?: { name: string; agencyId: string };
  nextReviewDate?: string;
  closedAt?: string | null;
  closeReason?: string | null;
  outcomes?: PlanOutcome[];
  actions: PlanAction[];
  reviews?: PlanReview[];
  createdAt?: string;
}

export interface TimelineEntry {
  id: string;
  at: string;
  type: string;
  source: string;
  summary: string;
  actor?: { sub?: string; role?: string; agencyId?: string } | null;
}

export const RELATIONSHIPS = ['parent', 'carer', 'child', 'unborn', 'partner', 'grandparent', 'aunt-uncle', 'sibling', 'connected-person'] as const;
export const CHANNELS: { value: string; label: string }[] = [
  { value: 'hub-desk', label: 'Hub desk' },
  { value: 'network-point', label: 'Network point (spoke)' },
  { value: 'online', label: 'Online hub' },
  { value: 'phone', label: 'Phone' },
  { value: 'partner-agency', label: 'Partner agency' },
  { value: 'self', label: 'Self-referral' },
];
export const CONSENT_PURPOSES = ['referral', 'assessment', 'plan', 'service-delivery'] as const;
export const DATA_CATEGORIES: { value: string; label: string }[] = [
  { value: 'contact', label: 'Contact details' },
  { value: 'story', label: 'Their story' },
  { value: 'needs', label: 'Needs' },
  { value: 'plan', label: 'Plan' },
];

export function memberName(m: Pick<Member, 'givenName' | 'familyName'>): string {
  return `${m.givenName} ${m.familyName}`;
}

export function sentence(text: string): string {
  const t = text.replace(/-/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
