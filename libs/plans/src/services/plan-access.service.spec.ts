import type { Principal } from '@tellonce/platform';
import type { EntityManager } from 'typeorm';
import type { LocalViewsRepository } from '../repositories/local-views.repository';
import type { PlansRepository } from '../repositories/plans.repository';
import { PlanAccessService } from './plan-access.service';

describe('PlanAccessService.awaitingPlanConsent', () => {
  const manager = {} as EntityManager;
  const sharingViewOf = jest.fn(async () => ({ records: [], overrides: [] }));
  const access = new PlanAccessService({} as PlansRepository, { sharingViewOf } as unknown as LocalViewsRepository, { now: () => new Date('2030-01-01T00:00:00Z') });
  beforeEach(() => sharingViewOf.mockClear());

  it.each(['practitioner', 'agency-system'] as const)('answers a %s with nothing, without reading sharing', async (role) => {
    const principal: Principal = { sub: 'x', role, agencyId: 'a1' };
    expect(await access.awaitingPlanConsent(manager, principal, 'f1', ['a1', 'a2'])).toBeUndefined();
    expect(sharingViewOf).not.toHaveBeenCalled();
  });

  it.each(['coordinator', 'safeguarding-lead', 'admin'] as const)('tells a %s which agencies still wait', async (role) => {
    const principal: Principal = { sub: 'x', role, hubId: 'hub-north' };
    expect(await access.awaitingPlanConsent(manager, principal, 'f1', ['a1', 'a2', 'a1'])).toEqual(new Set(['a1', 'a2']));
    expect(sharingViewOf).toHaveBeenCalledTimes(1);
  });
});
