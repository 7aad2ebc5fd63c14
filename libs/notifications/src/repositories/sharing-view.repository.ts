import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ConsentGrantedData, DataCategory, SafeguardingOverrideRecordedData } from '@tellonce/contracts';
import { lockFamilySharing, transactionEnded } from '@tellonce/messaging';
import { ConsentRecordView, OverrideView, recordFromGranted } from '@tellonce/sharing-policy';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { HeldPartnerEvent } from '../entities/held-partner-event.entity';
import { SharingConsentRecord, SharingOverride } from '../entities/sharing-view.entities';

interface RecordJson {
  id: string;
  decision: 'permit' | 'deny';
  subjectPersonIds: string[];
  agencyIds: string[];
  purposes: string[];
  dataCategories: DataCategory[];
  status: 'active' | 'withdrawn' | 'expired';
  expiresAt: string | null;
  recordedAt: string;
}

interface OverrideJson {
  id: string;
  agencyId: string;
  recordedAt: string;
}

export interface FamilySharingView {
  records: ConsentRecordView[];
  overrides: OverrideView[];
}

/**
 * This service's own copy of consent decisions (fed by consent events) and events held for them.
 *
 * Within one transaction a family's sharing lock is taken once and its view read once: a consumer
 * run holds a referral's three route events for the same family, and the second and third need
 * neither round trip. No other transaction can change the view while the lock is held, and this
 * one's own changes (the consent handlers below) drop the remembered view. Any rollback, even of
 * a savepoint, forgets everything, since a savepoint's rollback also gives back its locks.
 */
@Injectable()
export class SharingViewRepository implements OnModuleInit, EntitySubscriberInterface {
  private readonly lockedFamilies = new WeakMap<QueryRunner, Map<string, FamilySharingView | null>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  /** The family's sharing lock (see lockFamilySharing), once per transaction. Take it before reading or changing the view. */
  async lock(manager: EntityManager, familyId: string): Promise<void> {
    const families = this.familiesLockedBy(manager);
    if (families?.has(familyId.toLowerCase())) return;
    await lockFamilySharing(manager, familyId);
    families?.set(familyId.toLowerCase(), null);
  }

  /** The family's view under its sharing lock, read at most once per transaction until this service changes it. */
  async lockedViewOf(manager: EntityManager, familyId: string): Promise<FamilySharingView> {
    await this.lock(manager, familyId);
    const families = this.familiesLockedBy(manager);
    const known = families?.get(familyId.toLowerCase());
    if (known) return known;
    const view = await this.viewOf(manager, familyId);
    families?.set(familyId.toLowerCase(), view);
    return view;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (transactionEnded(event.queryRunner)) this.lockedFamilies.delete(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.lockedFamilies.delete(event.queryRunner);
  }

  private familiesLockedBy(manager: EntityManager): Map<string, FamilySharingView | null> | null {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) return null;
    let families = this.lockedFamilies.get(runner);
    if (!families) this.lockedFamilies.set(runner, (families = new Map()));
    return families;
  }

  /** After this transaction changed the family's view: read it again next time. */
  private changed(manager: EntityManager, familyId: string): void {
    const families = this.familiesLockedBy(manager);
    if (families?.has(familyId.toLowerCase())) families.set(familyId.toLowerCase(), null);
  }

  async saveGranted(manager: EntityManager, data: ConsentGrantedData, at: Date): Promise<void> {
    this.changed(manager, data.familyId);
    const view = recordFromGranted(data, at);
    await manager
      .createQueryBuilder()
      .insert()
      .into(SharingConsentRecord)
      .values({
        id: view.id,
        familyId: view.familyId,
        decision: view.decision,
        subjectPersonIds: view.subjectPersonIds,
        agencyIds: view.agencyIds,
        purposes: view.purposes,
        dataCategories: view.dataCategories,
        status: 'active',
        expiresAt: view.expiresAt ?? null,
        recordedAt: view.recordedAt,
      })
      .orIgnore()
      .execute();
  }

  /** Withdrawal and expiry are final; only an active record changes. */
  async endConsent(manager: EntityManager, familyId: string, consentId: string, status: 'withdrawn' | 'expired'): Promise<void> {
    this.changed(manager, familyId);
    await manager.getRepository(SharingConsentRecord).update({ id: consentId, status: 'active' }, { status });
  }

  async saveOverride(manager: EntityManager, data: SafeguardingOverrideRecordedData, at: Date): Promise<void> {
    this.changed(manager, data.familyId);
    await manager.createQueryBuilder().insert().into(SharingOverride).values({ id: data.overrideId, familyId: data.familyId, agencyId: data.agencyId, recordedAt: at }).orIgnore().execute();
  }

  /** Both halves of the family's view in one round trip. */
  private async viewOf(manager: EntityManager, familyId: string): Promise<FamilySharingView> {
    const [row]: { records: RecordJson[]; overrides: OverrideJson[] }[] = await manager.query(
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('id', id, 'decision', decision, 'subjectPersonIds', subject_person_ids, 'agencyIds', agency_ids,
                   'purposes', purposes, 'dataCategories', data_categories, 'status', status, 'expiresAt', expires_at, 'recordedAt', recorded_at)), '[]'::json)
            FROM sharing_consent_records WHERE family_id = $1) AS records,
         (SELECT coalesce(json_agg(json_build_object('id', id, 'agencyId', agency_id, 'recordedAt', recorded_at)), '[]'::json)
            FROM sharing_overrides WHERE family_id = $1) AS overrides`,
      [familyId],
    );
    return {
      records: row.records.map((r) => ({
        id: r.id,
        familyId,
        decision: r.decision,
        subjectPersonIds: r.subjectPersonIds,
        agencyIds: r.agencyIds,
        purposes: r.purposes,
        dataCategories: r.dataCategories,
        status: r.status,
        ...(r.expiresAt ? { expiresAt: new Date(r.expiresAt) } : {}),
        recordedAt: new Date(r.recordedAt),
      })),
      overrides: row.overrides.map((o) => ({ id: o.id, familyId, agencyId: o.agencyId, recordedAt: new Date(o.recordedAt) })),
    };
  }

  async hold(manager: EntityManager, held: HeldPartnerEvent): Promise<void> {
    await manager.createQueryBuilder().insert().into(HeldPartnerEvent).values(held).orIgnore().execute();
  }

  heldFor(manager: EntityManager, familyId: string): Promise<HeldPartnerEvent[]> {
    return manager.getRepository(HeldPartnerEvent).find({ where: { familyId }, order: { createdAt: 'ASC' } });
  }

  async release(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(HeldPartnerEvent).delete({ id });
  }
}
