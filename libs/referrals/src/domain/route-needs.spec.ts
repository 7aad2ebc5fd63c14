import { byRoutingPreference, hubsServing, RoutableHub, RoutableService, routeNeeds } from './route-needs';

const hubs: RoutableHub[] = [
  { id: 'hub-north' },
  { id: 'hub-east' },
  { id: 'np-north-library', parentHubId: 'hub-north' },
];

const svc = (id: string, agencyId: string, needs: string[], extra: Partial<RoutableService> = {}): RoutableService => ({
  id,
  agencyId,
  agencyActive: true,
  needs,
  hubIds: ['hub-north', 'hub-east'],
  status: 'active',
  capacity: 'open',
  ...extra,
});

const directory: RoutableService[] = [
  svc('debt-a-open', 'advice-a', ['debt-advice']),
  svc('debt-b-waitlist', 'advice-b', ['debt-advice', 'housing'], { capacity: 'waitlist' }),
  svc('debt-c-closed', 'advice-c', ['debt-advice', 'employment-skills'], { capacity: 'closed' }),
  svc('housing-a', 'housing-agency', ['housing']),
  svc('midwifery', 'nhs-trust', ['midwifery']),
  svc('health-visiting', 'nhs-trust', ['health-visiting']),
  svc('east-only-send', 'send-team', ['send'], { hubIds: ['hub-east'] }),
  svc('inactive-camhs', 'camhs-team', ['camhs'], { status: 'inactive' }),
  svc('agency-off-youth', 'youth-org', ['youth-services'], { agencyActive: false }),
  svc('parenting-z', 'parents-z', ['parenting-support']),
  svc('parenting-a', 'parents-a', ['parenting-support']),
  svc('parenting-trust', 'nhs-trust', ['parenting-support', 'infant-feeding'], { capacity: 'waitlist' }),
  svc('feeding-b', 'feeding-b', ['infant-feeding']),
  svc('feeding-trust', 'nhs-trust', ['infant-feeding']),
];

const need = (id: string, code: string, urgency: 'routine' | 'urgent' = 'routine') => ({ id, code, urgency });

describe('routeNeeds', () => {
  it.each([
    { case: 'open beats waitlist', code: 'debt-advice', hub: 'hub-north', service: 'debt-a-open' },
    { case: 'the only open service for the need', code: 'housing', hub: 'hub-north', service: 'housing-a' },
    { case: 'network point uses its parent hub', code: 'midwifery', hub: 'np-north-library', service: 'midwifery' },
    { case: 'service not at the hub is skipped', code: 'send', hub: 'hub-north', service: null },
    { case: 'service at the hub', code: 'send', hub: 'hub-east', service: 'east-only-send' },
    { case: 'inactive service is skipped', code: 'camhs', hub: 'hub-north', service: null },
    { case: 'inactive agency is skipped', code: 'youth-services', hub: 'hub-north', service: null },
    { case: 'closed capacity is skipped', code: 'employment-skills', hub: 'hub-north', service: null },
    { case: 'tie broken by service id', code: 'parenting-support', hub: 'hub-north', service: 'parenting-a' },
    { case: 'unknown hub routes nothing hub-bound', code: 'midwifery', hub: 'hub-west', service: null },
  ])('$case', ({ code, hub, service }) => {
    const plan = routeNeeds([need('n1', code)], hub, hubs, directory);
    const index = plan.assignment['n1'];
    expect(index === null ? null : plan.routes[index!].serviceId).toBe(service);
    expect(plan.unmetNeedCodes).toEqual(service === null ? [code] : []);
  });

  it('needs for the same agency share one route, urgency is the highest', () => {
    const plan = routeNeeds([need('n1', 'midwifery'), need('n2', 'health-visiting', 'urgent'), need('n3', 'debt-advice')], 'hub-north', hubs, directory);
    expect(plan.routes).toEqual([
      { agencyId: 'nhs-trust', serviceId: 'midwifery', needIds: ['n1', 'n2'], needCodes: ['midwifery', 'health-visiting'], urgency: 'urgent' },
      { agencyId: 'advice-a', serviceId: 'debt-a-open', needIds: ['n3'], needCodes: ['debt-advice'], urgency: 'routine' },
    ]);
    expect(plan.assignment).toEqual({ n1: 0, n2: 0, n3: 1 });
  });

  it('among equally open services it prefers an agency the referral already goes to', () => {
    const plan = routeNeeds([need('n1', 'midwifery'), need('n2', 'infant-feeding')], 'hub-north', hubs, directory);
    expect(plan.routes.map((r) => r.serviceId)).toEqual(['midwifery']);
    expect(plan.routes[0].needCodes).toEqual(['midwifery', 'infant-feeding']);
  });

  it('never prefers an existing agency over open capacity', () => {
    const plan = routeNeeds([need('n1', 'midwifery'), need('n2', 'parenting-support')], 'hub-north', hubs, directory);
    expect(plan.routes.map((r) => r.agencyId)).toEqual(['nhs-trust', 'parents-a']);
  });

  it('reports each unmet code once and still routes the rest', () => {
    const plan = routeNeeds([need('n1', 'camhs'), need('n2', 'camhs'), need('n3', 'housing')], 'hub-north', hubs, directory);
    expect(plan.unmetNeedCodes).toEqual(['camhs']);
    expect(plan.assignment).toEqual({ n1: null, n2: null, n3: 0 });
  });

  it('is deterministic whatever the directory order', () => {
    const needs = [need('n1', 'parenting-support'), need('n2', 'debt-advice'), need('n3', 'infant-feeding')];
    expect(routeNeeds(needs, 'hub-east', hubs, [...directory].reverse())).toEqual(routeNeeds(needs, 'hub-east', hubs, directory));
  });

  it('walks up from a network point and stops on cycles', () => {
    expect(hubsServing('np-north-library', hubs)).toEqual(['np-north-library', 'hub-north']);
    expect(hubsServing('a', [{ id: 'a', parentHubId: 'b' }, { id: 'b', parentHubId: 'a' }])).toEqual(['a', 'b']);
  });
});

describe('byRoutingPreference (directory listing order)', () => {
  it('lists the service routing would pick first', () => {
    const services = [
      { id: 'a-closed', status: 'active' as const, capacity: 'closed' as const },
      { id: 'b-waitlist', status: 'active' as const, capacity: 'waitlist' as const },
      { id: 'c-inactive-open', status: 'inactive' as const, capacity: 'open' as const },
      { id: 'd-open', status: 'active' as const, capacity: 'open' as const },
    ];
    expect([...services].sort(byRoutingPreference).map((s) => s.id)).toEqual(['d-open', 'b-waitlist', 'a-closed', 'c-inactive-open']);
  });
});
