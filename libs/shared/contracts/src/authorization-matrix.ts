import type { Role } from './vocabulary';

/**
 * Role × endpoint → allowed. The ONE table: the gateway and every service enforce it (a route
 * missing here is denied), and an end-to-end test calls every endpoint with every role.
 * Scope (which family, which agency) is checked on top of this by each use case.
 * Keys are `METHOD /path` with Express-style params, exactly as the services declare them.
 */
export const AUTHORIZATION_MATRIX: Readonly<Record<string, readonly Role[]>> = {
  // Directory
  'GET /v1/directory/needs': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'auditor', 'ops', 'admin'],
  'GET /v1/directory/services': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'auditor', 'ops', 'admin'],
  'GET /v1/directory/agencies': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'auditor', 'ops', 'admin'],
  'GET /v1/directory/hubs': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'auditor', 'ops', 'admin'],
  'POST /v1/directory/agencies': ['admin'],
  'PATCH /v1/directory/agencies/:id': ['admin'],
  'POST /v1/directory/services': ['admin'],
  'PATCH /v1/directory/services/:id': ['admin'],
  // Families
  'POST /v1/families': ['coordinator', 'admin'],
  'GET /v1/families': ['coordinator', 'safeguarding-lead', 'admin'],
  'GET /v1/families/:id': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'admin'],
  'POST /v1/families/:id/members': ['coordinator', 'admin'],
  // Referrals
  'POST /v1/referrals': ['coordinator', 'admin'],
  'GET /v1/referrals': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'admin'],
  'GET /v1/referrals/:id': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'admin'],
  'POST /v1/referrals/:id/routes/:routeId/transitions': ['coordinator', 'practitioner', 'agency-system', 'admin'],
  // Consent
  'POST /v1/families/:familyId/consents': ['coordinator', 'admin'],
  'GET /v1/families/:familyId/consents': ['coordinator', 'safeguarding-lead', 'admin'],
  'POST /v1/consents/:id/withdraw': ['coordinator', 'admin'],
  'GET /v1/consent/decision': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'admin'],
  'POST /v1/families/:familyId/safeguarding-overrides': ['safeguarding-lead'],
  'GET /v1/audit': ['auditor'],
  'GET /v1/audit/verify': ['auditor'],
  // Plans
  'POST /v1/families/:familyId/plans': ['coordinator', 'practitioner', 'admin'],
  'GET /v1/families/:familyId/plans': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'admin'],
  'GET /v1/plans/:id': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'admin'],
  'POST /v1/plans/:id/actions': ['coordinator', 'practitioner', 'admin'],
  'POST /v1/plans/:id/actions/:actionId/transitions': ['coordinator', 'practitioner', 'agency-system', 'admin'],
  'POST /v1/plans/:id/reviews': ['coordinator', 'practitioner', 'admin'],
  'POST /v1/plans/:id/level': ['coordinator', 'practitioner', 'safeguarding-lead', 'admin'],
  'POST /v1/plans/:id/close': ['coordinator', 'practitioner', 'admin'],
  // Subscriptions and notifications
  'POST /v1/subscriptions': ['agency-system'],
  'GET /v1/subscriptions': ['agency-system'],
  'DELETE /v1/subscriptions/:id': ['agency-system'],
  'GET /v1/subscriptions/:id/deliveries': ['agency-system'],
  'POST /v1/subscriptions/:id/replay': ['agency-system'],
  'POST /v1/subscriptions/:id/rotate-secret': ['agency-system'],
  'PUT /v1/subscriptions/kafka-delivery': ['agency-system'],
  'GET /v1/notifications': ['coordinator', 'practitioner', 'safeguarding-lead'],
  // Timeline
  'GET /v1/families/:familyId/timeline': ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'admin'],
  // Operations (no family data)
  'GET /v1/ops/status': ['ops', 'admin'],
  'GET /v1/ops/dead-letters': ['ops', 'admin'],
  'GET /v1/ops/dead-letters/:id': ['ops', 'admin'],
  'GET /v1/ops/webhook-dead-letters': ['ops', 'admin'],
  'POST /v1/ops/dead-letters/:id/replay': ['ops', 'admin'],
};

export function allowedRoles(method: string, routePath: string): readonly Role[] {
  return AUTHORIZATION_MATRIX[`${method.toUpperCase()} ${routePath}`] ?? [];
}
