import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In } from 'typeorm';
import type { CandidateFamily, PersonForMatching } from '../domain/family-duplicates';
import { Family, FamilyMember } from '../entities';

export interface FamilySearch {
  /** Normalised name words, all of which must match some member's given or family name. */
  nameWords: string[];
  reference?: string;
  /** Ten digits, exactly as stored. */
  nhsNumber?: string;
  postcodeKey?: string;
  afterSeq?: string;
  limit: number;
}

@Injectable()
export class FamiliesRepository {
  async insert(family: Family, members: FamilyMember[], manager: EntityManager): Promise<void> {
    await manager.insert(Family, family);
    if (members.length) await manager.insert(FamilyMember, members);
  }

  async insertMembers(members: FamilyMember[], manager: EntityManager): Promise<void> {
    await manager.insert(FamilyMember, members);
  }

  async referenceTaken(reference: string, manager: EntityManager): Promise<boolean> {
    return manager.exists(Family, { where: { reference } });
  }

  find(id: string, manager: EntityManager): Promise<Family | null> {
    return manager.findOneBy(Family, { id });
  }

  /** Serialises member additions to one family (positions stay unique and ordered). */
  findForUpdate(id: string, manager: EntityManager): Promise<Family | null> {
    return manager.findOne(Family, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  members(familyIds: string[], manager: EntityManager): Promise<FamilyMember[]> {
    if (familyIds.length === 0) return Promise.resolve([]);
    return manager.find(FamilyMember, { where: { familyId: In(familyIds) }, order: { position: 'ASC' } });
  }

  /** Other families with a member matching by NHS number, or by normalised name and date of birth. */
  async duplicateCandidates(people: Omit<PersonForMatching, 'familyId'>[], excludeFamilyId: string, manager: EntityManager): Promise<CandidateFamily[]> {
    const nhs = people.map((p) => p.nhsNumber).filter((n): n is string => !!n);
    const named = people.filter((p) => p.dateOfBirth);
    if (nhs.length === 0 && named.length === 0) return [];
    const qb = manager.createQueryBuilder(FamilyMember, 'm').where('m.family_id <> :excludeFamilyId', { excludeFamilyId });
    qb.andWhere(
      new Brackets((or) => {
        if (nhs.length) or.orWhere('m.nhs_number IN (:...nhs)', { nhs });
        named.forEach((p, i) => {
          or.orWhere(`(m.family_key = :f${i} AND m.given_key = :g${i} AND m.date_of_birth = :d${i})`, { [`f${i}`]: p.familyKey, [`g${i}`]: p.givenKey, [`d${i}`]: p.dateOfBirth });
        });
      }),
    );
    const matches = await qb.limit(200).getMany();
    const familyIds = [...new Set(matches.map((m) => m.familyId))];
    if (familyIds.length === 0) return [];
    const families = await manager.find(Family, { where: { id: In(familyIds) } });
    return families.map((f) => ({
      familyId: f.id,
      postcodeKey: f.postcodeKey,
      members: matches.filter((m) => m.familyId === f.id).map((m) => ({ familyId: m.familyId, givenKey: m.givenKey, familyKey: m.familyKey, dateOfBirth: m.dateOfBirth, nhsNumber: m.nhsNumber })),
    }));
  }

  /** Newest first; `seq` is the cursor. */
  async search(search: FamilySearch, manager: EntityManager): Promise<Family[]> {
    const qb = manager.createQueryBuilder(Family, 'f').orderBy('f.seq', 'DESC').limit(search.limit);
    if (search.afterSeq) qb.andWhere('f.seq < :afterSeq', { afterSeq: search.afterSeq });
    const either = new Brackets((or) => {
      if (search.reference) or.orWhere('upper(f.reference) = :reference', { reference: search.reference });
      if (search.nhsNumber) or.orWhere('EXISTS (SELECT 1 FROM family_member m WHERE m.family_id = f.id AND m.nhs_number = :nhs)', { nhs: search.nhsNumber });
      if (search.postcodeKey) or.orWhere('f.postcode_key LIKE :postcode', { postcode: `${search.postcodeKey}%` });
      if (search.nameWords.length) {
        or.orWhere(
          new Brackets((and) => {
            search.nameWords.forEach((word, i) => {
              and.andWhere(
                `EXISTS (SELECT 1 FROM family_member m WHERE m.family_id = f.id AND (m.given_key LIKE :w${i} OR m.family_key LIKE :w${i}))`,
                { [`w${i}`]: `${word.replace(/[%_\\]/g, '')}%` },
              );
            });
          }),
        );
      }
    });
    if (search.reference || search.nhsNumber || search.postcodeKey || search.nameWords.length) qb.andWhere(either);
    return qb.getMany();
  }
}
