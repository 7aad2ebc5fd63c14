import { DirectoryNames, genericSummary, summarise } from './summarise';

const names: DirectoryNames = {
  agencies: new Map([
    ['ag-can', 'Citizens Advice North'],
    ['ag-hv', 'Health Visiting Team'],
  ]),
  services: new Map([
    ['svc-debt', 'Debt advice'],
    ['svc-hv', 'Health visiting'],
  ]),
};
const actor = { sub: 'u1', role: 'coordinator' };
const route = (to: string, extra: Record<string, unknown> = {}) => ({
  referralId: 'r1',
  familyId: 'f1',
  routeId: 'rt1',
  agencyId: 'ag-can',
  serviceId: 'svc-debt',
  needCodes: ['debt-advice'],
  urgency: 'routine',
  from: 'requested',
  to,
  actor,
  ...extra,
});

describe('summarise', () => {
  it.each([
    ['family.registered', { familyId: 'f1', reference: 'FAM-1', hubId: 'hub-north', members: [], actor }, 'Family registered at hub-north'],
    ['family.member-added', { familyId: 'f1', personId: 'p1', relationship: 'unborn', livesInHousehold: true, actor }, 'Family member added (unborn)'],
    [
      'referral.raised',
      {
        referralId: 'r1',
        reference: 'REF-7K2Q9',
        familyId: 'f1',
        hubId: 'hub-north',
        channel: 'hub-desk',
        needs: [
          { needId: 'n1', code: 'debt-advice', urgency: 'routine' },
          { needId: 'n2', code: 'health-visiting', urgency: 'urgent' },
          { needId: 'n3', code: 'housing', urgency: 'routine' },
        ],
        routes: [
          { routeId: 'rt1', agencyId: 'ag-can', serviceId: 'svc-debt', needCodes: ['debt-advice'], urgency: 'routine', status: 'awaiting-consent' },
          { routeId: 'rt2', agencyId: 'ag-hv', serviceId: 'svc-hv', needCodes: ['health-visiting'], urgency: 'urgent', status: 'awaiting-consent' },
        ],
        unmetNeedCodes: ['housing'],
        actor,
      },
      'Referral REF-7K2Q9 raised (hub desk) for Debt advice, Health visiting, Housing; waiting for consent to send to Debt advice (Citizens Advice North), Health visiting (Health Visiting Team); no service found for Housing',
    ],
    [
      'referral.raised',
      {
        referralId: 'r2',
        reference: 'REF-2M4N6',
        familyId: 'f1',
        hubId: 'hub-north',
        channel: 'phone',
        needs: [
          { needId: 'n1', code: 'debt-advice', urgency: 'routine' },
          { needId: 'n2', code: 'health-visiting', urgency: 'routine' },
        ],
        routes: [
          { routeId: 'rt1', agencyId: 'ag-can', serviceId: 'svc-debt', needCodes: ['debt-advice'], urgency: 'routine', status: 'requested' },
          { routeId: 'rt2', agencyId: 'ag-hv', serviceId: 'svc-hv', needCodes: ['health-visiting'], urgency: 'routine', status: 'awaiting-consent' },
        ],
        unmetNeedCodes: [],
        actor,
      },
      'Referral REF-2M4N6 raised (phone) for Debt advice, Health visiting; sent to Debt advice (Citizens Advice North); waiting for consent to send to Health visiting (Health Visiting Team)',
    ],
    ['referral.route.status-changed', route('requested', { from: 'awaiting-consent' }), 'Referral sent to Debt advice (Citizens Advice North)'],
    ['referral.route.status-changed', route('accepted'), 'Debt advice (Citizens Advice North) accepted the referral'],
    ['referral.route.status-changed', route('rejected', { reason: 'no-capacity' }), 'Debt advice (Citizens Advice North) declined the referral (no capacity)'],
    ['referral.route.status-changed', route('rejected', { reason: 'Mrs Smith moved away' }), 'Debt advice (Citizens Advice North) declined the referral'],
    ['referral.route.status-changed', route('in-progress', { from: 'accepted' }), 'Debt advice (Citizens Advice North) started work on the referral'],
    ['referral.route.status-changed', route('in-progress', { from: 'on-hold' }), 'Debt advice (Citizens Advice North) resumed work on the referral'],
    ['referral.route.status-changed', route('on-hold', { from: 'in-progress' }), 'Debt advice (Citizens Advice North) put the referral on hold'],
    ['referral.route.status-changed', route('completed', { outcome: 'debt-plan-agreed' }), 'Debt advice (Citizens Advice North) completed the referral (debt plan agreed)'],
    ['referral.route.status-changed', route('failed'), 'Debt advice (Citizens Advice North) could not complete the referral'],
    ['referral.route.status-changed', route('cancelled', { reason: 'consent-withdrawn' }), 'Referral to Debt advice (Citizens Advice North) cancelled (consent withdrawn)'],
    [
      'consent.granted',
      { consentId: 'c1', familyId: 'f1', decision: 'permit', subjectPersonIds: [], agencyIds: ['ag-can', 'ag-hv'], purposes: ['referral'], dataCategories: [], method: 'verbal', actor },
      'Consent given to share with Citizens Advice North, Health Visiting Team',
    ],
    [
      'consent.granted',
      { consentId: 'c1', familyId: 'f1', decision: 'deny', subjectPersonIds: [], agencyIds: ['ag-hv'], purposes: ['referral'], dataCategories: [], method: 'verbal', actor },
      'Consent refused for sharing with Health Visiting Team',
    ],
    ['consent.withdrawn', { consentId: 'c1', familyId: 'f1', agencyIds: ['ag-can'], agencyIdsNoLongerPermitted: ['ag-can'], actor }, 'Consent withdrawn for sharing with Citizens Advice North'],
    ['consent.expired', { consentId: 'c1', familyId: 'f1', agencyIds: ['ag-hv'], agencyIdsNoLongerPermitted: [], expiredAt: '2025-01-01T00:00:00Z' }, 'Consent to share with Health Visiting Team expired'],
    ['safeguarding.override-recorded', { overrideId: 'o1', familyId: 'f1', agencyId: 'ag-hv', actor }, 'Safeguarding override recorded: sharing with Health Visiting Team permitted without consent'],
    ['plan.created', { familyId: 'f1', planId: 'p1', levelOfNeed: 'early-help', leadAgencyId: 'ag-hv', outcomeIds: [], actionIds: [], actor }, 'Team Around the Family plan created (early help), led by Health Visiting Team'],
    ['plan.level-changed', { familyId: 'f1', planId: 'p1', from: 'targeted', to: 'specialist', leadAgencyId: 'ag-hv', actor }, 'Plan level of need changed from targeted to specialist'],
    ['plan.reviewed', { familyId: 'f1', planId: 'p1', reviewId: 'rv1', outcomeScores: [], nextReviewDate: '2026-03-01', actor }, 'Plan reviewed; next review due 2026-03-01'],
    ['plan.closed', { familyId: 'f1', planId: 'p1', actor }, 'Team Around the Family plan closed'],
    ['plan.review.overdue', { familyId: 'f1', planId: 'p1', nextReviewDate: '2026-03-01' }, 'Plan review is overdue (was due 2026-03-01)'],
    ['plan.action.assigned', { familyId: 'f1', planId: 'p1', actionId: 'a1', agencyId: 'ag-can', dueDate: '2026-02-01', actor }, 'Plan action assigned to Citizens Advice North, due 2026-02-01'],
    ['plan.action.status-changed', { familyId: 'f1', actionId: 'a1', agencyId: 'ag-can', from: 'open', to: 'done', actor }, 'Plan action for Citizens Advice North moved to done'],
    ['plan.action.overdue', { familyId: 'f1', planId: 'p1', actionId: 'a1', agencyId: 'ag-can', dueDate: '2026-02-01' }, 'Plan action for Citizens Advice North is overdue (due 2026-02-01)'],
    [
      'notification.webhook-delivery',
      { subscriptionId: 's1', agencyId: 'ag-can', familyId: 'f1', eventType: 'referral.route.requested', sourceEventId: 'e1', status: 'succeeded', attempt: 1 },
      'Webhook referral.route.requested delivered to Citizens Advice North (attempt 1)',
    ],
    [
      'notification.webhook-delivery',
      { subscriptionId: 's1', agencyId: 'ag-can', familyId: 'f1', eventType: 'referral.route.requested', sourceEventId: 'e1', status: 'dead', attempt: 8 },
      'Webhook referral.route.requested given up for Citizens Advice North (attempt 8)',
    ],
    ['notification.something-new', { familyId: 'f1', agencyId: 'ag-can', status: 'delivered' }, 'Notification something new: delivered (Citizens Advice North)'],
    // A type nobody wrote prose for yet still reads sensibly.
    ['something.new-happened', { familyId: 'f1' }, 'Something new happened'],
  ])('%s -> %s', (type, data, expected) => {
    expect(summarise(type, data, names)).toBe(expected);
  });

  it('falls back to need labels and "an agency" when the directory has not named them yet', () => {
    expect(summarise('referral.route.status-changed', route('accepted'))).toBe('Debt advice accepted the referral');
    expect(summarise('consent.granted', { decision: 'permit', agencyIds: ['ag-x'] })).toBe('Consent given to share with an agency');
  });

  it('never copies free text into a summary', () => {
    expect(genericSummary('plan.action.status-changed', { to: 'Jane Doe is unwell' }, names)).toBe('Plan action status changed');
  });
});
