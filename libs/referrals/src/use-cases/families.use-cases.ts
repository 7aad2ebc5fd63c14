import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FamilyMemberAddedV1, FamilyRegisteredV1 } from '@tellonce/contracts';
import { AuditTrail, EventPublisher } from '@tellonce/messaging';
import { actorOf, badRequest, isAgencyRole, notFound, Principal } from '@tellonce/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { findPossibleDuplicates, humanReference, normaliseName, normalisePostcode, PossibleDuplicate } from '../domain/family-duplicates';
import { Family, FamilyMember } from '../entities';
import { DirectoryRepository, FamiliesRepository, ReferralsRepository } from '../repositories';
import { decodeCursor, isUuid, page } from './cursor';
import { SharingViewService } from './sharing-view.service';

export interface MemberInput {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  expectedDueDate?: string;
  relationship: string;
  livesInHousehold: boolean;
  nhsNumber?: string;
}

export interface RegisterFamilyInput {
  hubId: string;
  members: MemberInput[];
  address: { postcode: string; line1?: string };
  contact?: { phone?: string; email?: string };
}

export const FAMILY_ENDPOINTS = {
  register: 'POST /v1/families',
  get: 'GET /v1/families/:id',
  addMember: 'POST /v1/families/:id/members',
  search: 'GET /v1/families',
} as const;

const memberView = (m: FamilyMember) => ({
  id: m.id,
  givenName: m.givenName,
  familyName: m.familyName,
  ...(m.dateOfBirth ? { dateOfBirth: m.dateOfBirth } : {}),
  ...(m.expectedDueDate ? { expectedDueDate: m.expectedDueDate } : {}),
  relationship: m.relationship,
  livesInHousehold: m.livesInHousehold,
  ...(m.nhsNumber ? { nhsNumber: m.nhsNumber } : {}),
});

/**
 * Families. Scope decision: hub staff (coordinator) may read families of ANY hub of the authority —
 * families move between hubs and network points, and a refusal would make them tell their story
 * again — but every read is audited with its basis ('own-hub' or 'other-hub') so the auditor can
 * see cross-hub access. Agencies see a family only through a route sharing currently permits.
 */
@Injectable()
export class FamiliesUseCases {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly families: FamiliesRepository,
    private readonly directory: DirectoryRepository,
    private readonly referrals: ReferralsRepository,
    private readonly sharing: SharingViewService,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditTrail,
  ) {}

  register(principal: Principal, input: RegisterFamilyInput) {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.directory.findHub(input.hubId, manager))) throw badRequest('The request is not valid.', [{ field: 'hubId', message: 'is not a known hub' }]);
      const family = Object.assign(new Family(), {
        id: randomUUID(),
        reference: await this.freshReference(manager),
        hubId: input.hubId,
        postcode: input.address.postcode.trim().toUpperCase(),
        postcodeKey: normalisePostcode(input.address.postcode),
        addressLine1: input.address.line1 ?? null,
        phone: input.contact?.phone ?? null,
        email: input.contact?.email ?? null,
      });
      const members = input.members.map((m, i) => this.newMember(family.id, m, i));
      await this.families.insert(family, members, manager);
      const possibleDuplicates = await this.duplicatesOf(family, members, manager);
      await this.publisher.stage(
        manager,
        FamilyRegisteredV1,
        { familyId: family.id, reference: family.reference, hubId: family.hubId, members: members.map((m) => ({ personId: m.id, relationship: m.relationship, livesInHousehold: m.livesInHousehold })), actor: actorOf(principal) },
        { key: family.id },
      );
      await this.audit.record({ principal, action: 'write', endpoint: FAMILY_ENDPOINTS.register, resource: { kind: 'family', id: family.id }, familyId: family.id, outcome: 'allowed', basis: this.hubBasis(principal, family) }, manager);
      return { ...this.fullView(family, members), possibleDuplicates };
    });
  }

  async addMember(principal: Principal, familyId: string, input: MemberInput) {
    const added = await this.dataSource.transaction(async (manager) => {
      const family = isUuid(familyId) ? await this.families.findForUpdate(familyId, manager) : null;
      if (!family) {
        // Nothing is written yet: commit the denial's audit entry, answer 404 after the commit.
        await this.audit.record({ principal, action: 'write', endpoint: FAMILY_ENDPOINTS.addMember, resource: { kind: 'family', id: String(familyId).slice(0, 64) }, outcome: 'denied', basis: 'unknown-family' }, manager);
        return null;
      }
      const existing = await this.families.members([family.id], manager);
      const member = this.newMember(family.id, input, existing.length);
      await this.families.insertMembers([member], manager);
      const possibleDuplicates = await this.duplicatesOf(family, [member], manager);
      await this.publisher.stage(manager, FamilyMemberAddedV1, { familyId: family.id, personId: member.id, relationship: member.relationship, livesInHousehold: member.livesInHousehold, actor: actorOf(principal) }, { key: family.id });
      await this.audit.record({ principal, action: 'write', endpoint: FAMILY_ENDPOINTS.addMember, resource: { kind: 'family-member', id: member.id }, familyId: family.id, outcome: 'allowed', basis: this.hubBasis(principal, family) }, manager);
      return { familyId: family.id, ...memberView(member), possibleDuplicates };
    });
    if (!added) throw notFound('family');
    return added;
  }

  async get(principal: Principal, familyId: string) {
    const manager = this.dataSource.manager;
    const family = isUuid(familyId) ? await this.families.find(familyId, manager) : null;
    const deny = async (basis: string) => {
      await this.audit.record({ principal, action: 'read', endpoint: FAMILY_ENDPOINTS.get, resource: { kind: 'family', id: String(familyId).slice(0, 64) }, ...(family ? { familyId: family.id } : {}), outcome: 'denied', basis }, manager);
      return notFound('family');
    };
    if (!family) throw await deny('unknown-family');
    const members = await this.families.members([family.id], manager);
    if (isAgencyRole(principal)) {
      const agencyId = principal.agencyId ?? '';
      const routed = await this.referrals.agencyHasRouteForFamily(family.id, agencyId, manager);
      const decision = routed ? await this.sharing.decision(family.id, agencyId, manager) : null;
      if (!decision?.permitted) throw await deny(routed ? 'sharing-not-permitted' : 'no-route-to-agency');
      await this.audit.record({ principal, action: 'read', endpoint: FAMILY_ENDPOINTS.get, resource: { kind: 'family', id: family.id }, familyId: family.id, outcome: 'allowed', basis: decision.basis }, manager);
      // Minimised: who is in the family; address and contact only when 'contact' is shared; no NHS numbers.
      const contactShared = decision.permittedCategories.includes('contact');
      return {
        id: family.id,
        reference: family.reference,
        hubId: family.hubId,
        members: members.map((m) => ({ id: m.id, givenName: m.givenName, familyName: m.familyName, ...(m.dateOfBirth ? { dateOfBirth: m.dateOfBirth } : {}), ...(m.expectedDueDate ? { expectedDueDate: m.expectedDueDate } : {}), relationship: m.relationship, livesInHousehold: m.livesInHousehold })),
        ...(contactShared ? { address: { postcode: family.postcode, ...(family.addressLine1 ? { line1: family.addressLine1 } : {}) }, contact: this.contactOf(family) } : {}),
        sharedCategories: decision.permittedCategories,
      };
    }
    await this.audit.record({ principal, action: 'read', endpoint: FAMILY_ENDPOINTS.get, resource: { kind: 'family', id: family.id }, familyId: family.id, outcome: 'allowed', basis: this.hubBasis(principal, family) }, manager);
    return { ...this.fullView(family, members), possibleDuplicates: await this.duplicatesOf(family, members, manager) };
  }

  async search(principal: Principal, query: { q?: string; limit?: number; cursor?: string }) {
    const limit = query.limit ?? 20;
    const q = (query.q ?? '').trim();
    const hasDigit = /\d/.test(q);
    // Ten digits (as written on an NHS card: 3 3 4) is an NHS number; other text with a digit, a postcode.
    const nhsNumber = /^\d{3} ?\d{3} ?\d{4}$/.test(q) ? q.replace(/ /g, '') : undefined;
    const manager = this.dataSource.manager;
    const rows = await this.families.search(
      {
        reference: /^FAM-/i.test(q) ? q.toUpperCase() : undefined,
        nhsNumber,
        postcodeKey: hasDigit && !nhsNumber && !/^FAM-/i.test(q) ? normalisePostcode(q) || undefined : undefined,
        nameWords: hasDigit ? [] : normaliseName(q).split(' ').filter(Boolean),
        afterSeq: decodeCursor(query.cursor),
        limit,
      },
      manager,
    );
    const { nextCursor } = page(rows, limit);
    const members = await this.families.members(rows.map((f) => f.id), manager);
    const items = [];
    for (const family of rows) {
      const own = members.filter((m) => m.familyId === family.id);
      await this.audit.record({ principal, action: 'read', endpoint: FAMILY_ENDPOINTS.search, resource: { kind: 'family', id: family.id }, familyId: family.id, outcome: 'allowed', basis: this.hubBasis(principal, family) }, manager);
      items.push({
        id: family.id,
        reference: family.reference,
        hubId: family.hubId,
        members: own.map((m) => ({ id: m.id, givenName: m.givenName, familyName: m.familyName, ...(m.dateOfBirth ? { dateOfBirth: m.dateOfBirth } : {}), relationship: m.relationship })),
        address: { postcode: family.postcode },
        possibleDuplicates: await this.duplicatesOf(family, own, manager),
      });
    }
    return { items, nextCursor };
  }

  private newMember(familyId: string, m: MemberInput, position: number): FamilyMember {
    return Object.assign(new FamilyMember(), {
      id: randomUUID(),
      familyId,
      givenName: m.givenName.trim(),
      familyName: m.familyName.trim(),
      givenKey: normaliseName(m.givenName),
      familyKey: normaliseName(m.familyName),
      dateOfBirth: m.dateOfBirth ?? null,
      expectedDueDate: m.expectedDueDate ?? null,
      relationship: m.relationship,
      livesInHousehold: m.livesInHousehold,
      nhsNumber: m.nhsNumber ?? null,
      position,
    });
  }

  private async duplicatesOf(family: Family, members: FamilyMember[], manager: EntityManager): Promise<PossibleDuplicate[]> {
    const people = members.map((m) => ({ givenKey: m.givenKey, familyKey: m.familyKey, dateOfBirth: m.dateOfBirth, nhsNumber: m.nhsNumber }));
    return findPossibleDuplicates(people, family.postcodeKey, await this.families.duplicateCandidates(people, family.id, manager));
  }

  private fullView(family: Family, members: FamilyMember[]) {
    return {
      id: family.id,
      reference: family.reference,
      hubId: family.hubId,
      members: members.map(memberView),
      address: { postcode: family.postcode, ...(family.addressLine1 ? { line1: family.addressLine1 } : {}) },
      contact: this.contactOf(family),
      createdAt: family.createdAt,
    };
  }

  private contactOf(family: Family) {
    return { ...(family.phone ? { phone: family.phone } : {}), ...(family.email ? { email: family.email } : {}) };
  }

  private hubBasis(principal: Principal, family: Family): string {
    if (principal.role !== 'coordinator') return 'authority-wide';
    return principal.hubId === family.hubId ? 'own-hub' : 'other-hub';
  }

  private async freshReference(manager: EntityManager): Promise<string> {
    for (;;) {
      const reference = humanReference('FAM', randomInt);
      if (!(await this.families.referenceTaken(reference, manager))) return reference;
    }
  }
}
