import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AgencyUpsertedData,
  AgencyUpsertedV1,
  CloudEvent,
  ConsentExpiredData,
  ConsentExpiredV1,
  ConsentGrantedData,
  ConsentGrantedV1,
  ConsentWithdrawnData,
  ConsentWithdrawnV1,
  EVENT_CATALOGUE,
  EventDefinition,
  SafeguardingOverrideRecordedData,
  SafeguardingOverrideRecordedV1,
  ServiceUpsertedData,
  ServiceUpsertedV1,
  TOPICS,
} from '@tellonce/contracts';
import { overrideFromRecorded, recordFromGranted } from '@tellonce/sharing-policy';
import { WrittenAtCommit } from '@tellonce/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { describeEntry, EntryDescription } from '../domain/describe-entry';
import { summarise } from '../domain/summarise';
import { sourceServiceOf, timelineTypeOf } from '../domain/timeline-type';
import { DirectoryViewRepository } from '../repositories/directory-view.repository';
import { SharingViewRepository } from '../repositories/sharing-view.repository';
import { TimelineEntryRepository } from '../repositories/timeline-entry.repository';

/** Every domain topic. Audit and dead letters are not things that happened to a family. */
export const TIMELINE_TOPICS: readonly string[] = [TOPICS.directory, TOPICS.families, TOPICS.referrals, TOPICS.consent, TOPICS.plans, TOPICS.notifications];

/** The catalogue's event types on those topics: read when the module starts, so types added later are picked up. */
export function timelineEventDefinitions(): EventDefinition<unknown>[] {
  return EVENT_CATALOGUE.filter((definition) => TIMELINE_TOPICS.includes(definition.topic));
}

interface EntryToWrite {
  event: CloudEvent;
  type: string;
  description: EntryDescription;
}

/**
 * Folds one event into the projection: local views first (directory names, sharing), then the
 * family's timeline entry. Runs in the caller's transaction; safe to run twice for the same event.
 *
 * The entries of a transaction are written together just before it commits: one names query and
 * one multi-row INSERT for a consumer run of up to 50 events, instead of two statements per event.
 * Their summaries use the names the views hold at that moment, which is what a rebuild would show.
 */
@Injectable()
export class TimelineProjector implements OnModuleInit {
  private readonly entriesAtCommit = new WrittenAtCommit<EntryToWrite>((entries, manager) => this.writeEntries(manager, entries));

  constructor(
    private readonly entries: TimelineEntryRepository,
    private readonly directory: DirectoryViewRepository,
    private readonly sharing: SharingViewRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.entriesAtCommit.subscribeTo(this.dataSource);
  }

  async apply(event: CloudEvent, manager: EntityManager): Promise<void> {
    await this.updateViews(event, manager);
    const type = timelineTypeOf(event.type);
    const description = describeEntry(type, event.data);
    if (description) await this.entriesAtCommit.add(manager, { event, type, description });
  }

  private async writeEntries(manager: EntityManager, toWrite: EntryToWrite[]): Promise<void> {
    const names = await this.directory.names(manager, [...new Set(toWrite.flatMap((e) => e.description.mentions))]);
    await this.entries.insertMany(
      manager,
      toWrite.map(({ event, type, description }) => ({
        id: event.id,
        familyId: description.familyId,
        at: event.time,
        type,
        source: sourceServiceOf(event.source),
        summary: summarise(type, event.data, names),
        actor: description.actor,
        subject: description.subject,
        agencyIds: description.agencyIds,
        mentions: description.mentions,
        data: event.data,
      })),
    );
  }

  private async updateViews(event: CloudEvent, manager: EntityManager): Promise<void> {
    const at = new Date(event.time);
    switch (event.type) {
      case AgencyUpsertedV1.type: {
        const data = event.data as AgencyUpsertedData;
        const before = await this.directory.upsertAgency(manager, data.agencyId, data.name);
        if (before !== data.name) await this.resummarise(manager, data.agencyId);
        return;
      }
      case ServiceUpsertedV1.type: {
        const data = event.data as ServiceUpsertedData;
        const before = await this.directory.upsertService(manager, data.serviceId, data.agencyId, data.name);
        if (before !== data.name) await this.resummarise(manager, data.serviceId);
        return;
      }
      case ConsentGrantedV1.type:
        return this.sharing.addRecord(manager, recordFromGranted(event.data as ConsentGrantedData, at));
      case ConsentWithdrawnV1.type:
        return this.sharing.endRecord(manager, (event.data as ConsentWithdrawnData).consentId, 'withdrawn');
      case ConsentExpiredV1.type:
        return this.sharing.endRecord(manager, (event.data as ConsentExpiredData).consentId, 'expired');
      case SafeguardingOverrideRecordedV1.type:
        return this.sharing.addOverride(manager, overrideFromRecorded(event.data as SafeguardingOverrideRecordedData, at));
    }
  }

  /** An agency or service named late or renamed: entries naming it are re-rendered, so the timeline reads as a rebuild would. */
  private async resummarise(manager: EntityManager, directoryId: string): Promise<void> {
    for (const entry of await this.entries.mentioning(manager, directoryId)) {
      const description = describeEntry(entry.type, entry.data);
      const names = await this.directory.names(manager, description?.mentions ?? []);
      const summary = summarise(entry.type, entry.data, names);
      if (summary !== entry.summary) await this.entries.updateSummary(manager, entry.id, summary);
    }
  }

  /** Empties the projection and its views (rebuild). */
  async reset(manager: EntityManager): Promise<void> {
    await this.entries.truncate(manager);
    await this.directory.truncate(manager);
    await this.sharing.truncate(manager);
  }
}
