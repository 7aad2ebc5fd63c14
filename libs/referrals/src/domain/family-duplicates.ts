/**
 * Likely-duplicate detection for family records. A duplicate is reported to the coordinator,
 * never refused: two families may share a name, and a wrong merge is worse than a double record.
 */

/** Lowercase, accents and punctuation stripped, whitespace collapsed: "Zoë O'Brien-Smith" -> "zoe obriensmith". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export interface PersonForMatching {
  familyId: string;
  givenKey: string;
  familyKey: string;
  dateOfBirth?: string | null;
  nhsNumber?: string | null;
}

export interface CandidateFamily {
  familyId: string;
  postcodeKey: string;
  members: PersonForMatching[];
}

export type DuplicateReason = 'nhs-number' | 'name-and-date-of-birth' | 'same-postcode';

export interface PossibleDuplicate {
  familyId: string;
  score: number;
  reasons: DuplicateReason[];
}

/** NHS number is near-certain; name + date of birth is strong; the same postcode only strengthens a match. */
const WEIGHTS: Record<DuplicateReason, number> = { 'nhs-number': 0.95, 'name-and-date-of-birth': 0.8, 'same-postcode': 0.1 };

export function findPossibleDuplicates(
  people: readonly Omit<PersonForMatching, 'familyId'>[],
  postcodeKey: string,
  candidates: readonly CandidateFamily[],
): PossibleDuplicate[] {
  const out: PossibleDuplicate[] = [];
  for (const candidate of candidates) {
    const reasons = new Set<DuplicateReason>();
    for (const person of people) {
      for (const other of candidate.members) {
        if (person.nhsNumber && other.nhsNumber && person.nhsNumber === other.nhsNumber) reasons.add('nhs-number');
        if (person.dateOfBirth && person.dateOfBirth === other.dateOfBirth && person.givenKey === other.givenKey && person.familyKey === other.familyKey) {
          reasons.add('name-and-date-of-birth');
        }
      }
    }
    if (reasons.size === 0) continue;
    if (postcodeKey && candidate.postcodeKey === postcodeKey) reasons.add('same-postcode');
    const ordered = (Object.keys(WEIGHTS) as DuplicateReason[]).filter((r) => reasons.has(r));
    const score = Math.min(1, Math.round(ordered.reduce((sum, r) => sum + WEIGHTS[r], 0) * 100) / 100);
    out.push({ familyId: candidate.familyId, score, reasons: ordered });
  }
  return out.sort((a, b) => b.score - a.score || (a.familyId < b.familyId ? -1 : 1));
}

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Human reference like FAM-7K2Q9: no 0/O or 1/I so it survives being read over the phone. */
export function humanReference(prefix: string, random: (n: number) => number, length = 5): string {
  let code = '';
  for (let i = 0; i < length; i++) code += REFERENCE_ALPHABET[random(REFERENCE_ALPHABET.length)];
  return `${prefix}-${code}`;
}
