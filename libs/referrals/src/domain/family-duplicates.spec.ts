import { findPossibleDuplicates, humanReference, normaliseName, normalisePostcode } from './family-duplicates';

describe('normaliseName', () => {
  it.each([
    ['Zoë', 'zoe'],
    ["O'Brien-Smith", 'obriensmith'],
    ['  ANNA   marie ', 'anna marie'],
    ['José', 'jose'],
    ['Łukasz', 'łukasz'],
  ])('%s -> %s', (input, expected) => expect(normaliseName(input)).toBe(expected));

  it('normalises postcodes', () => expect(normalisePostcode(' ne1 4st ')).toBe('NE14ST'));
});

describe('findPossibleDuplicates', () => {
  const candidates = [
    { familyId: 'f-1', postcodeKey: 'NE14ST', members: [{ familyId: 'f-1', givenKey: 'zoe', familyKey: 'obrien', dateOfBirth: '1990-02-03', nhsNumber: null }] },
    { familyId: 'f-2', postcodeKey: 'NE99ZZ', members: [{ familyId: 'f-2', givenKey: 'sam', familyKey: 'lee', dateOfBirth: null, nhsNumber: '9434765919' }] },
    { familyId: 'f-3', postcodeKey: 'NE14ST', members: [{ familyId: 'f-3', givenKey: 'zoe', familyKey: 'obrien', dateOfBirth: '1991-02-03', nhsNumber: null }] },
  ];

  it.each([
    { case: 'name and date of birth, same postcode', person: { givenKey: 'zoe', familyKey: 'obrien', dateOfBirth: '1990-02-03' }, postcode: 'NE14ST', expected: [{ familyId: 'f-1', score: 0.9, reasons: ['name-and-date-of-birth', 'same-postcode'] }] },
    { case: 'name and date of birth elsewhere', person: { givenKey: 'zoe', familyKey: 'obrien', dateOfBirth: '1990-02-03' }, postcode: 'LS11AA', expected: [{ familyId: 'f-1', score: 0.8, reasons: ['name-and-date-of-birth'] }] },
    { case: 'NHS number alone', person: { givenKey: 'x', familyKey: 'y', nhsNumber: '9434765919' }, postcode: '', expected: [{ familyId: 'f-2', score: 0.95, reasons: ['nhs-number'] }] },
    { case: 'name without date of birth is not enough', person: { givenKey: 'zoe', familyKey: 'obrien' }, postcode: 'NE14ST', expected: [] },
    { case: 'postcode alone is not enough', person: { givenKey: 'amy', familyKey: 'obrien', dateOfBirth: '1990-02-03' }, postcode: 'NE14ST', expected: [] },
  ])('$case', ({ person, postcode, expected }) => {
    expect(findPossibleDuplicates([person], postcode, candidates)).toEqual(expected);
  });

  it('caps the score at 1, orders by score then family id', () => {
    const result = findPossibleDuplicates(
      [{ givenKey: 'sam', familyKey: 'lee', dateOfBirth: '2001-01-01', nhsNumber: '9434765919' }, { givenKey: 'zoe', familyKey: 'obrien', dateOfBirth: '1991-02-03' }],
      'NE99ZZ',
      [...candidates, { familyId: 'f-4', postcodeKey: 'NE99ZZ', members: [{ familyId: 'f-4', givenKey: 'sam', familyKey: 'lee', dateOfBirth: '2001-01-01', nhsNumber: '9434765919' }] }],
    );
    expect(result.map((d) => [d.familyId, d.score])).toEqual([['f-2', 1], ['f-4', 1], ['f-3', 0.8]]);
  });
});

describe('humanReference', () => {
  it('uses the unambiguous alphabet', () => {
    let i = 0;
    expect(humanReference('FAM', () => i++)).toBe('FAM-23456');
    expect(humanReference('REF', (n) => n - 1)).toMatch(/^REF-Z{5}$/);
  });
});
