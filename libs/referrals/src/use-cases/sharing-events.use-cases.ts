import { Inject, Injectable } from '@nestjs/common';
import { CloudEvent, ConsentExpiredData, ConsentGrantedData, ConsentWithdrawnData, SafeguardingOverrideRecordedData, SYSTEM_ACTOR } from '@tellonce/contracts';
import { lockFamilySharing } from '@tellonce/messaging';
import { LOGGER } from '@tellonce/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { OPEN_ROUTE_STATUSES } from '../domain/route-transitions';
import { ConsentRecordRow, OverrideRow } from '../entities';
import { ReferralsRepository, SharingRepository } from '../repositories';
import { RouteMover } from './route-mover';
import { SharingViewService } from './sharing-view.service';

/**
 * Consent events -> the local sharing view -> routes. Runs inside the consumer's transaction (with
 * the inbox row), so a redelivered event changes nothing twice.
 */
@Injectable()
export class SharingEvents {
  constructor(
    private readonly sharingRows: SharingRepository,
    private readonly sharing: SharingViewService,
    private readonly referrals: ReferralsRepository,
    private readonly mover: RouteMover,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async consentGranted(event: CloudEvent<ConsentGrantedData>, manager: EntityManager): Promise<void> {
    const { data } = event;
    await lockFamilySharing(manager, data.familyId);
    // Deny records are kept too: the shared policy lets a deny take away what a permit gave.
    await this.sharingRows.recordConsent(
      Object.assign(new ConsentRecordRow(), {
        id: data.consentId,
        familyId: data.familyId,
        decision: data.decision,
        subjectPersonIds: data.subjectPersonIds,
        agencyIds: data.agencyIds,
        purposes: data.purposes,
        dataCategories: data.dataCategories,
        status: 'active',
        expiresAt: data.expiresAt ? new Date(data.expiresAt) : null,
        recordedAt: new Date(event.time),
      }),
      manager,
    );
    if (data.decision !== 'permit') return;
    for (const agencyId of data.agencyIds) await this.release(data.familyId, agencyId, 'consent-granted', manager);
  }

  async overrideRecorded(event: CloudEvent<SafeguardingOverrideRecordedData>, manager: EntityManager): Promise<void> {
    const { data } = event;
    await lockFamilySharing(manager, data.familyId);
    await this.sharingRows.recordOverride(Object.assign(new OverrideRow(), { id: data.overrideId, familyId: data.familyId, agencyId: data.agencyId, recordedAt: new Date(event.time) }), manager);
    await this.release(data.familyId, data.agencyId, 'safeguarding-override', manager);
  }

  async consentWithdrawn(data: ConsentWithdrawnData, manager: EntityManager): Promise<void> {
    await this.endConsent(data.consentId, 'withdrawn', data.familyId, data.agencyIdsNoLongerPermitted, 'consent-withdrawn', manager);
  }

  async consentExpired(data: ConsentExpiredData, manager: EntityManager): Promise<void> {
    await this.endConsent(data.consentId, 'expired', data.familyId, data.agencyIdsNoLongerPermitted, 'consent-expired', manager);
  }

  /** The consent service names the agencies left without any basis; those lose their open routes. */
  private async endConsent(consentId: string, status: 'withdrawn' | 'expired', familyId: string, agencyIds: string[], reason: string, manager: EntityManager): Promise<void> {
    await lockFamilySharing(manager, familyId);
    await this.sharingRows.endConsent(consentId, status, manager);
    for (const agencyId of agencyIds) {
      // Completed, failed, rejected and cancelled routes are history: never rewritten.
      for (const route of await this.referrals.routesOfFamilyAgency(familyId, agencyId, OPEN_ROUTE_STATUSES, manager)) {
        await this.mover.move(manager, route, 'cancelled', SYSTEM_ACTOR, { reason });
      }
    }
  }

  private async release(familyId: string, agencyId: string, reason: string, manager: EntityManager): Promise<void> {
    const decision = await this.sharing.decision(familyId, agencyId, manager);
    if (!decision.permitted) {
      this.logger.info({ familyId, agencyId }, 'grant recorded but not for the referral purpose; routes stay awaiting consent');
      return;
    }
    for (const route of await this.referrals.routesOfFamilyAgency(familyId, agencyId, ['awaiting-consent'], manager)) {
      await this.mover.move(manager, route, 'requested', SYSTEM_ACTOR, { reason });
    }
  }
}
