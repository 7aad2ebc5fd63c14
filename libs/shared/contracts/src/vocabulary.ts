// Names fixed by the public contract (shared/PRODUCT.md). Never rename.

export const ROLES = ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'auditor', 'ops', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const AGENCY_ROLES: readonly Role[] = ['practitioner', 'agency-system'];
export const HUB_ROLES: readonly Role[] = ['coordinator'];

export const NEEDS = [
  { code: 'midwifery', label: 'Midwifery' },
  { code: 'health-visiting', label: 'Health visiting' },
  { code: 'infant-feeding', label: 'Infant feeding' },
  { code: 'perinatal-mental-health', label: 'Perinatal mental health' },
  { code: 'send', label: 'Special educational needs and disabilities (SEND)' },
  { code: 'debt-advice', label: 'Debt advice' },
  { code: 'housing', label: 'Housing' },
  { code: 'relationship-support', label: 'Relationship support' },
  { code: 'parenting-support', label: 'Parenting support' },
  { code: 'emotional-wellbeing', label: 'Emotional wellbeing' },
  { code: 'camhs', label: 'Children and young people’s mental health (CAMHS)' },
  { code: 'domestic-abuse', label: 'Domestic abuse' },
  { code: 'substance-misuse', label: 'Drug and alcohol support' },
  { code: 'employment-skills', label: 'Employment and skills' },
  { code: 'school-support', label: 'School support' },
  { code: 'youth-services', label: 'Youth services' },
  { code: 'early-help', label: 'Early help' },
  { code: 'social-care', label: 'Children’s social care' },
] as const;
export type NeedCode = (typeof NEEDS)[number]['code'];
export const NEED_CODES: readonly string[] = NEEDS.map((n) => n.code);

export const CHANNELS = ['hub-desk', 'network-point', 'online', 'phone', 'partner-agency', 'self'] as const;
export type Channel = (typeof CHANNELS)[number];

export const RELATIONSHIPS = ['parent', 'carer', 'child', 'unborn', 'partner', 'grandparent', 'aunt-uncle', 'sibling', 'connected-person'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const ROUTE_STATUSES = ['awaiting-consent', 'requested', 'accepted', 'in-progress', 'on-hold', 'completed', 'failed', 'rejected', 'cancelled'] as const;
export type RouteStatus = (typeof ROUTE_STATUSES)[number];

export const LEVELS_OF_NEED = ['universal', 'early-help', 'targeted', 'specialist'] as const;
export type LevelOfNeed = (typeof LEVELS_OF_NEED)[number];

export const CONSENT_PURPOSES = ['referral', 'assessment', 'plan', 'service-delivery'] as const;

/**
 * A code (`consent-withdrawn`, `debt-plan-agreed`): lower-case words joined by hyphens. Reasons and
 * outcomes are free text in the API, and free text may name people; only codes travel to partners
 * and into timeline summaries, the text stays with the referral.
 */
export const isCode = (value: string | undefined): value is string => value !== undefined && value.length <= 100 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value);
