import { dateOfBirthProblem, expectedDueDateProblem } from './member-dates';

describe('member dates', () => {
  const today = '2030-01-15';
  it.each([
    ['1994-03-12', null],
    ['1900-01-01', null],
    ['2028-02-29', null],
    [today, null], // born today
    ['2030-01-16', 'must not be in the future'],
    ['9999-12-31', 'must be in 2200 or earlier'],
    ['1899-12-31', 'must be in 1900 or later'],
    ['0000-01-01', 'must be in 1900 or later'],
    ['2030-02-29', 'must be a real calendar date'],
    ['2020-13-01', 'must be a real calendar date'],
    ['01/02/2020', 'must be a date as yyyy-mm-dd'],
    ['2020-01-01T00:00:00Z', 'must be a date as yyyy-mm-dd'],
    [20200101, 'must be a date as yyyy-mm-dd'],
  ])('dateOfBirthProblem(%s) = %s', (value, problem) => {
    expect(dateOfBirthProblem(value, today)).toBe(problem);
  });

  it.each([
    ['2030-06-01', null],
    ['2026-01-15', null], // a past due date stays as it was written
    ['2200-12-31', null],
    ['2201-01-01', 'must be in 2200 or earlier'],
    ['9999-12-31', 'must be in 2200 or earlier'],
    ['0000-01-01', 'must be in 1900 or later'],
    ['2030-02-30', 'must be a real calendar date'],
    ['30-01-01', 'must be a date as yyyy-mm-dd'],
    [null, 'must be a date as yyyy-mm-dd'],
  ])('expectedDueDateProblem(%s) = %s', (value, problem) => {
    expect(expectedDueDateProblem(value)).toBe(problem);
  });
});
