import { HttpStatus } from '@nestjs/common';
import { ProblemException } from './problem';
import { UuidOrNotFoundPipe } from './uuid-or-not-found.pipe';

describe('UuidOrNotFoundPipe', () => {
  const pipe = new UuidOrNotFoundPipe('family');

  it('passes a UUID through', () => {
    expect(pipe.transform('6f1c0f8e-0000-4000-8000-000000000000')).toBe('6f1c0f8e-0000-4000-8000-000000000000');
  });

  it.each(['not-a-uuid', '', '6f1c0f8e', '6f1c0f8e-0000-4000-8000-000000000000x'])('answers %p with 404', (value) => {
    expect.assertions(2);
    try {
      pipe.transform(value);
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).getStatus()).toBe(HttpStatus.NOT_FOUND);
    }
  });
});
