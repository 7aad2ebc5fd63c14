import type { JsonSchema } from '../event-definition';
import { DATA_CATEGORIES } from '../events/consent-granted.event';
import { PLAN_ACTION_STATUSES } from '../events/plan-action-status-changed.event';
import { CHANNELS, CONSENT_PURPOSES, LEVELS_OF_NEED, NEED_CODES, RELATIONSHIPS, ROLES, ROUTE_STATUSES } from '../vocabulary';

/** What one endpoint answers when it succeeds: its status and (unless 204) its body. */
export interface ResponseDescription {
  status: 200 | 201 | 202 | 204;
  description: string;
  schema?: JsonSchema;
}

export interface ResponseSchemas {
  /** By `METHOD /path`, spelt as in the authorisation matrix. */
  operations: Record<string, ResponseDescription>;
  /** Shared shapes the operations refer to (`#/components/schemas/<name>`). */
  schemas: Record<string, JsonSchema>;
}

// Hand-written (responses are plain objects, not validated classes: ADR 12), checked against the
// running services by test/e2e/response-schemas.e2e-spec.ts. Never additionalProperties: false —
// the product may add fields and clients must ignore them — but every field the contract names is
// required with its type, and enumerations come from the vocabulary, not copied lists.

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const string: JsonSchema = { type: 'string' };
const nullableString: JsonSchema = { type: ['string', 'null'] };
const integer: JsonSchema = { type: 'integer' };
const boolean: JsonSchema = { type: 'boolean' };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
const nullableDateTime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
const date: JsonSchema = { type: 'string', format: 'date' };
const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const oneOf = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const object = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', required, properties });
/** The list convention of the contract: `{ items, nextCursor }`. */
const page = (item: string): JsonSchema => object(['items', 'nextCursor'], { items: arrayOf(ref(item)), nextCursor: nullableString });
/** A component plus the fields a change answers with (`planId`, `planVersion`). */
const withPlan = (name: string): JsonSchema => ({ allOf: [ref(name), object(['planId', 'planVersion'], { planId: uuid, planVersion: integer })] });

// Agencies kinds, hub kinds, capacities: owned by the referrals service's directory (Open Referral UK).
const AGENCY_KINDS = ['statutory', 'health', 'voluntary'];
const URGENCIES = ['routine', 'urgent'];

const memberProperties: Record<string, JsonSchema> = {
  id: uuid,
  givenName: string,
  familyName: string,
  dateOfBirth: date,
  expectedDueDate: date,
  relationship: oneOf(RELATIONSHIPS),
  livesInHousehold: boolean,
  nhsNumber: string,
};
const familyProperties: Record<string, JsonSchema> = {
  id: uuid,
  reference: string,
  hubId: string,
  members: arrayOf(ref('FamilyMember')),
  address: object(['postcode'], { postcode: string, line1: string }),
  contact: object([], { phone: string, email: string }),
  createdAt: dateTime,
  possibleDuplicates: arrayOf(ref('PossibleDuplicate')),
  /** An agency's view: the categories sharing permits it. */
  sharedCategories: arrayOf(oneOf(DATA_CATEGORIES)),
};
const referralProperties: Record<string, JsonSchema> = {
  id: uuid,
  reference: string,
  familyId: uuid,
  hubId: string,
  channel: oneOf(CHANNELS),
  story: string,
  status: oneOf(['open', 'closed']),
  planId: uuid,
  createdAt: dateTime,
  needs: arrayOf(ref('ReferralNeed')),
  routes: arrayOf(ref('Route')),
  unmetNeeds: arrayOf(oneOf(NEED_CODES)),
  contact: object([], { phone: string, email: string }),
  address: object(['postcode'], { postcode: string, line1: string }),
  sharedCategories: arrayOf(oneOf(DATA_CATEGORIES)),
};
const planFrame: Record<string, JsonSchema> = {
  id: uuid,
  familyId: uuid,
  status: oneOf(['open', 'closed']),
  levelOfNeed: oneOf(LEVELS_OF_NEED),
  version: integer,
  createdAt: dateTime,
  updatedAt: dateTime,
  actions: arrayOf(ref('PlanAction')),
};
const PLAN_FRAME_REQUIRED = ['id', 'familyId', 'status', 'levelOfNeed', 'version', 'scope', 'createdAt', 'updatedAt', 'actions'];

const SCHEMAS: Record<string, JsonSchema> = {
  Actor: object(['sub', 'role'], { sub: string, role: oneOf([...ROLES, 'system']), agencyId: string, hubId: string }),
  // Directory
  Need: object(['code', 'label'], { code: oneOf(NEED_CODES), label: string }),
  Agency: object(['id', 'name', 'kind', 'active'], { id: string, name: string, kind: oneOf(AGENCY_KINDS), active: boolean }),
  Hub: object(['id', 'name', 'kind', 'parentHubId'], { id: string, name: string, kind: oneOf(['hub', 'network-point']), parentHubId: nullableString }),
  DirectoryService: object(['id', 'name', 'status', 'organisation', 'needs', 'hubIds', 'capacity'], {
    id: string,
    name: string,
    status: oneOf(['active', 'inactive']),
    organisation: object(['id', 'name'], { id: string, name: string }),
    needs: arrayOf(oneOf(NEED_CODES)),
    hubIds: arrayOf(string),
    capacity: oneOf(['open', 'waitlist', 'closed']),
  }),
  // Families
  FamilyMember: object(['id', 'givenName', 'familyName', 'relationship'], memberProperties),
  PossibleDuplicate: object(['familyId', 'score', 'reasons'], { familyId: uuid, score: { type: 'number' }, reasons: arrayOf(string) }),
  /** A family as the caller may see it: in full (hub roles), minimised (an agency), or as a search hit. */
  Family: object(['id', 'reference', 'hubId', 'members'], familyProperties),
  RegisteredFamily: object(['id', 'reference', 'hubId', 'members', 'address', 'contact', 'createdAt', 'possibleDuplicates'], familyProperties),
  FamilyPage: page('Family'),
  AddedMember: object(['familyId', 'id', 'givenName', 'familyName', 'relationship', 'livesInHousehold', 'possibleDuplicates'], {
    familyId: uuid,
    ...memberProperties,
    possibleDuplicates: arrayOf(ref('PossibleDuplicate')),
  }),
  // Referrals
  ReferralNeed: object(['id', 'code', 'urgency', 'routeId', 'unmet'], { id: uuid, code: oneOf(NEED_CODES), personId: uuid, urgency: oneOf(URGENCIES), notes: string, routeId: { type: ['string', 'null'], format: 'uuid' }, unmet: boolean }),
  Route: object(['id', 'referralId', 'agencyId', 'serviceId', 'needCodes', 'status', 'urgency', 'version', 'updatedAt'], {
    id: uuid,
    referralId: uuid,
    agencyId: string,
    serviceId: string,
    needCodes: arrayOf(oneOf(NEED_CODES)),
    status: oneOf(ROUTE_STATUSES),
    urgency: oneOf(URGENCIES),
    reason: string,
    outcome: string,
    version: integer,
    updatedAt: dateTime,
  }),
  /** A referral as the caller may see it: whole for hub roles; an agency sees its route, its needs, and the story and contact only if shared. */
  Referral: object(['id', 'reference', 'familyId', 'hubId', 'channel', 'status', 'createdAt', 'needs', 'routes'], referralProperties),
  RaisedReferral: object(['id', 'reference', 'familyId', 'hubId', 'channel', 'story', 'status', 'createdAt', 'needs', 'routes', 'unmetNeeds'], referralProperties),
  ReferralPage: page('Referral'),
  // Consent, sharing, audit
  Consent: object(
    ['id', 'familyId', 'status', 'decision', 'subjectPersonIds', 'grantedByPersonId', 'agencyIds', 'purposes', 'dataCategories', 'method', 'recordedAt', 'recordedBy'],
    {
      id: uuid,
      familyId: uuid,
      status: oneOf(['active', 'withdrawn', 'expired']),
      decision: oneOf(['permit', 'deny']),
      subjectPersonIds: arrayOf(uuid),
      grantedByPersonId: uuid,
      agencyIds: arrayOf(string),
      purposes: arrayOf(oneOf(CONSENT_PURPOSES)),
      dataCategories: arrayOf(oneOf(DATA_CATEGORIES)),
      method: oneOf(['verbal', 'written', 'online']),
      expiresAt: dateTime,
      recordedAt: dateTime,
      recordedBy: ref('Actor'),
      withdrawnAt: dateTime,
      withdrawnBy: ref('Actor'),
      withdrawalReason: string,
      expiredAt: dateTime,
    },
  ),
  ConsentPage: page('Consent'),
  SharingDecision: object(['permitted', 'basis', 'permittedCategories'], {
    permitted: boolean,
    basis: oneOf(['consent', 'safeguarding-override', 'none']),
    consentId: uuid,
    overrideId: uuid,
    deniedByConsentId: uuid,
    permittedCategories: arrayOf(oneOf(DATA_CATEGORIES)),
  }),
  /** The justification is not echoed back (it may name people). */
  SafeguardingOverride: object(['id', 'familyId', 'agencyId', 'recordedAt', 'recordedBy'], { id: uuid, familyId: uuid, agencyId: string, recordedAt: dateTime, recordedBy: ref('Actor') }),
  AuditEntry: object(['id', 'seq', 'at', 'service', 'actor', 'action', 'endpoint', 'resource', 'familyId', 'outcome', 'basis'], {
    id: uuid,
    seq: integer,
    at: dateTime,
    service: string,
    actor: ref('Actor'),
    action: oneOf(['read', 'write']),
    endpoint: string,
    resource: object(['kind', 'id'], { kind: string, id: string }),
    familyId: nullableString,
    outcome: oneOf(['allowed', 'denied']),
    basis: nullableString,
  }),
  AuditPage: page('AuditEntry'),
  AuditVerification: object(['valid', 'checked'], { valid: boolean, checked: integer, brokenAt: integer }),
  // Plans
  PlanAction: object(['id', 'description', 'agencyId', 'dueDate', 'outcomeId', 'status', 'createdAt', 'updatedAt'], {
    id: uuid,
    description: string,
    agencyId: string,
    dueDate: date,
    outcomeId: { type: ['string', 'null'], format: 'uuid' },
    status: oneOf(PLAN_ACTION_STATUSES),
    createdAt: dateTime,
    updatedAt: dateTime,
    /** Hub staff only: the family has not (yet) shared its plan with this action's agency. */
    awaitingConsent: boolean,
  }),
  PlanReview: object(['id', 'summary', 'attendees', 'outcomeProgress', 'nextReviewDate', 'heldAt', 'actor'], {
    id: uuid,
    summary: string,
    attendees: arrayOf(object(['name', 'agencyId'], { name: string, agencyId: string })),
    outcomeProgress: arrayOf(object(['outcomeId', 'score'], { outcomeId: uuid, score: { type: 'integer', minimum: 0, maximum: 10 } })),
    nextReviewDate: date,
    heldAt: dateTime,
    actor: ref('Actor'),
  }),
  /** The whole plan (scope `whole`): the frame, outcomes with their scores over time, actions, reviews, level history. */
  Plan: object([...PLAN_FRAME_REQUIRED, 'leadPractitioner', 'nextReviewDate', 'closedAt', 'closeReason', 'outcomes', 'reviews', 'levelHistory'], {
    ...planFrame,
    scope: { const: 'whole' },
    leadPractitioner: object(['name', 'agencyId'], { name: string, agencyId: string }),
    nextReviewDate: date,
    closedAt: nullableDateTime,
    closeReason: nullableString,
    outcomes: arrayOf(
      object(['id', 'description', 'distanceTravelled'], {
        id: uuid,
        description: string,
        distanceTravelled: arrayOf(object(['reviewId', 'at', 'score'], { reviewId: uuid, at: dateTime, score: integer })),
      }),
    ),
    reviews: arrayOf(ref('PlanReview')),
    levelHistory: arrayOf(
      object(['id', 'from', 'to', 'reason', 'leadAgencyBefore', 'leadAgencyAfter', 'leadHandedBack', 'at', 'actor'], {
        id: uuid,
        from: oneOf(LEVELS_OF_NEED),
        to: oneOf(LEVELS_OF_NEED),
        reason: string,
        leadAgencyBefore: string,
        leadAgencyAfter: string,
        leadHandedBack: boolean,
        at: dateTime,
        actor: ref('Actor'),
      }),
    ),
  }),
  /** What an agency whose sharing does not cover the plan sees (scope `own-actions`): the frame and its own actions. */
  PlanOwnActions: object(PLAN_FRAME_REQUIRED, { ...planFrame, scope: { const: 'own-actions' } }),
  PlanAsSeen: { oneOf: [ref('Plan'), ref('PlanOwnActions')] },
  PlanPage: page('PlanAsSeen'),
  ChangedPlanAction: withPlan('PlanAction'),
  AddedPlanReview: withPlan('PlanReview'),
  // Subscriptions and notifications
  Subscription: object(['id', 'url', 'eventTypes', 'description', 'status', 'createdAt'], {
    id: uuid,
    url: { type: 'string', format: 'uri' },
    eventTypes: arrayOf(string),
    description: nullableString,
    status: oneOf(['active', 'disabled', 'deleted']),
    disabledReason: string,
    createdAt: dateTime,
  }),
  /** The only answer that carries the signing secret. */
  CreatedSubscription: { allOf: [ref('Subscription'), object(['secret'], { secret: { type: 'string', pattern: '^whsec_' } })] },
  SubscriptionPage: page('Subscription'),
  RotatedSecret: object(['secret', 'previousSecretExpiresAt'], { secret: { type: 'string', pattern: '^whsec_' }, previousSecretExpiresAt: dateTime }),
  WebhookDelivery: object(['id', 'webhookId', 'eventId', 'sourceEventId', 'eventType', 'attempt', 'status', 'statusCode', 'durationMs', 'error', 'at'], {
    id: uuid,
    webhookId: uuid,
    eventId: uuid,
    sourceEventId: string,
    eventType: string,
    attempt: integer,
    status: oneOf(['succeeded', 'failed', 'pending', 'dead']),
    statusCode: { type: ['integer', 'null'] },
    durationMs: { type: ['integer', 'null'] },
    error: nullableString,
    at: dateTime,
  }),
  WebhookDeliveryPage: page('WebhookDelivery'),
  Replayed: object(['replayed'], { replayed: integer }),
  KafkaDelivery: object(['topic', 'enabled', 'eventTypes', 'topicReady'], { topic: string, enabled: boolean, eventTypes: arrayOf(string), topicReady: boolean }),
  Notification: object(['id', 'kind', 'urgency', 'familyId', 'reference', 'subject', 'needCodes', 'dueDate', 'link', 'createdAt', 'emailedAt'], {
    id: uuid,
    kind: oneOf(['route-requested', 'action-assigned', 'action-overdue', 'review-overdue']),
    urgency: oneOf(URGENCIES),
    familyId: string,
    reference: nullableString,
    subject: object(['kind', 'id'], { kind: string, id: string }),
    needCodes: arrayOf(oneOf(NEED_CODES)),
    dueDate: nullableString,
    link: string,
    createdAt: dateTime,
    emailedAt: nullableDateTime,
  }),
  NotificationPage: page('Notification'),
  // Timeline
  TimelineEntry: object(['id', 'at', 'type', 'source', 'summary', 'actor', 'subject'], {
    id: string,
    at: dateTime,
    type: string,
    source: string,
    summary: string,
    actor: object(['sub', 'role'], { sub: string, role: oneOf([...ROLES, 'system']), agencyId: string }),
    subject: object(['kind', 'id'], { kind: string, id: string }),
  }),
  TimelinePage: page('TimelineEntry'),
  // Operations: counts and ids only
  OpsStatus: object(['status', 'services', 'consumerLag', 'queues', 'deadLetters', 'signIn'], {
    status: oneOf(['ok', 'degraded', 'down']),
    checkedAt: dateTime,
    services: arrayOf(
      object(['name', 'status', 'checks'], {
        name: string,
        status: oneOf(['up', 'down']),
        checks: arrayOf(object(['name', 'status'], { name: string, status: string, error: string })),
        outbox: object(['backlog', 'oldestAgeSeconds'], { backlog: { type: 'number' }, oldestAgeSeconds: { type: 'number' } }),
        webhookDeadLetters: { type: 'number' },
      }),
    ),
    consumerLag: arrayOf(object(['group', 'topic', 'lag'], { group: string, topic: string, lag: { type: 'number' } })),
    queues: arrayOf(object(['name', 'waiting', 'active', 'delayed', 'failed'], { name: string, waiting: integer, active: integer, delayed: integer, failed: integer })),
    /** null while Kafka cannot be asked. */
    deadLetters: { type: ['integer', 'null'] },
    webhookDeadLetters: { type: ['number', 'null'] },
    /** Whether staff can sign in to the console: the identity provider answers (oidc), or dev tokens. */
    signIn: object(['mode', 'status'], { mode: oneOf(['dev', 'oidc']), status: oneOf(['ok', 'down']), checkedAt: dateTime }),
  }),
  DeadLetter: object(['id', 'type', 'eventId', 'consumerGroup', 'originalTopic', 'originalPartition', 'originalOffset', 'error', 'at', 'replayed'], {
    id: string,
    type: string,
    eventId: nullableString,
    consumerGroup: nullableString,
    originalTopic: nullableString,
    originalPartition: { type: ['integer', 'null'] },
    originalOffset: nullableString,
    error: nullableString,
    at: nullableString,
    replayed: boolean,
  }),
  DeadLetterPage: page('DeadLetter'),
  DeadLetterDetail: { allOf: [ref('DeadLetter'), object(['key', 'headers', 'data'], { key: nullableString, headers: { type: 'object', additionalProperties: string }, data: {} })] },
  ReplayedDeadLetter: object(['id', 'replayed', 'topic', 'partition', 'offset'], { id: string, replayed: { const: true }, topic: string, partition: integer, offset: nullableString }),
  WebhookDeadLetter: object(['id', 'subscriptionId', 'agencyId', 'eventType', 'sourceEventId', 'attempts', 'at'], {
    id: uuid,
    subscriptionId: uuid,
    agencyId: string,
    eventType: string,
    sourceEventId: string,
    attempts: integer,
    at: dateTime,
  }),
  WebhookDeadLetterPage: page('WebhookDeadLetter'),
};

const ok = (name: string, description: string): ResponseDescription => ({ status: 200, description, schema: ref(name) });
const created = (name: string, description: string): ResponseDescription => ({ status: 201, description, schema: ref(name) });
const list = (name: string, description: string): ResponseDescription => ({ status: 200, description, schema: arrayOf(ref(name)) });

/** Statuses as the controllers answer (Nest: 201 for a POST unless @HttpCode says otherwise). */
const OPERATIONS: Record<string, ResponseDescription> = {
  'GET /v1/directory/needs': list('Need', 'Every need code with its label (a bare array).'),
  'GET /v1/directory/services': list('DirectoryService', 'Services, in routing order (a bare array).'),
  'GET /v1/directory/agencies': list('Agency', 'Agencies (a bare array).'),
  'GET /v1/directory/hubs': list('Hub', 'Hubs and network points (a bare array).'),
  'POST /v1/directory/agencies': created('Agency', 'The agency created.'),
  'PATCH /v1/directory/agencies/:id': ok('Agency', 'The agency as changed.'),
  'POST /v1/directory/services': created('DirectoryService', 'The service created.'),
  'PATCH /v1/directory/services/:id': ok('DirectoryService', 'The service as changed.'),
  'POST /v1/families': created('RegisteredFamily', 'The family, member ids and likely duplicates (reported, not refused).'),
  'GET /v1/families': ok('FamilyPage', 'Families matching the search.'),
  'GET /v1/families/:id': ok('Family', 'The family as the caller may see it.'),
  'POST /v1/families/:id/members': created('AddedMember', 'The member added, with likely duplicates.'),
  'POST /v1/referrals': created('RaisedReferral', 'The referral with its needs and the routes they were sent on.'),
  'GET /v1/referrals': ok('ReferralPage', 'Referrals the caller may see.'),
  'GET /v1/referrals/:id': ok('Referral', 'The referral as the caller may see it.'),
  'POST /v1/referrals/:id/routes/:routeId/transitions': ok('Route', 'The route after the move.'),
  'POST /v1/families/:familyId/consents': created('Consent', 'The consent recorded (status active).'),
  'GET /v1/families/:familyId/consents': ok('ConsentPage', "The family's consent records."),
  'POST /v1/consents/:id/withdraw': ok('Consent', 'The consent, withdrawn.'),
  'GET /v1/consent/decision': ok('SharingDecision', 'Whether sharing with the agency is permitted now, and on what basis.'),
  'POST /v1/families/:familyId/safeguarding-overrides': created('SafeguardingOverride', 'The override recorded.'),
  'GET /v1/audit': ok('AuditPage', 'Who read or changed family data, newest first.'),
  'GET /v1/audit/verify': ok('AuditVerification', "Whether the audit log's hash chain is intact."),
  'POST /v1/families/:familyId/plans': created('Plan', 'The plan, with ids for its outcomes and actions.'),
  'GET /v1/families/:familyId/plans': ok('PlanPage', "The family's plans as the caller may see them."),
  'GET /v1/plans/:id': ok('PlanAsSeen', 'The plan as the caller may see it.'),
  'POST /v1/plans/:id/actions': created('ChangedPlanAction', 'The action added.'),
  'POST /v1/plans/:id/actions/:actionId/transitions': ok('ChangedPlanAction', 'The action after the move.'),
  'POST /v1/plans/:id/reviews': created('AddedPlanReview', 'The review recorded.'),
  'POST /v1/plans/:id/level': ok('Plan', 'The plan at its new level.'),
  'POST /v1/plans/:id/close': ok('Plan', 'The plan, closed.'),
  'POST /v1/subscriptions': created('CreatedSubscription', 'The subscription with its signing secret (shown once).'),
  'GET /v1/subscriptions': ok('SubscriptionPage', "The agency's subscriptions."),
  'DELETE /v1/subscriptions/:id': { status: 204, description: 'Deleted.' },
  'GET /v1/subscriptions/:id/deliveries': ok('WebhookDeliveryPage', 'Delivery attempts, newest first.'),
  'POST /v1/subscriptions/:id/replay': { status: 202, description: 'Messages queued for delivery again.', schema: ref('Replayed') },
  'POST /v1/subscriptions/:id/rotate-secret': ok('RotatedSecret', 'The new secret; the old one still signs until it expires.'),
  'PUT /v1/subscriptions/kafka-delivery': ok('KafkaDelivery', "The agency's Kafka topic settings."),
  'GET /v1/notifications': ok('NotificationPage', "The caller's agency's or hub's notifications."),
  'GET /v1/families/:familyId/timeline': ok('TimelinePage', 'What happened to the family, as the caller may see it.'),
  'GET /v1/ops/status': ok('OpsStatus', 'Service health, consumer lag, queues and dead letters.'),
  'GET /v1/ops/dead-letters': ok('DeadLetterPage', 'Dead-lettered events, newest first.'),
  'GET /v1/ops/dead-letters/:id': ok('DeadLetterDetail', 'One dead-lettered event.'),
  'GET /v1/ops/webhook-dead-letters': ok('WebhookDeadLetterPage', 'Exhausted webhook deliveries, newest first.'),
  'POST /v1/ops/dead-letters/:id/replay': { status: 202, description: 'Sent again to its original topic.', schema: ref('ReplayedDeadLetter') },
};

/** What every endpoint of the authorisation matrix answers on success (GET /v1/openapi.json). */
export const RESPONSE_SCHEMAS: ResponseSchemas = { operations: OPERATIONS, schemas: SCHEMAS };
