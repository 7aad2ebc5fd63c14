import { IsInt, Min } from 'class-validator';
import { BaseConfig } from './service-config';
import { ConfigValidationError, validateConfig } from './validate-config';

class ExampleConfig extends BaseConfig {
  @IsInt() @Min(1) WORKERS = 2;
}

describe('validateConfig', () => {
  it('keeps defaults when the environment is silent', () => {
    expect(validateConfig(ExampleConfig, {}).WORKERS).toBe(2);
  });

  it('reads numbers from the environment', () => {
    expect(validateConfig(ExampleConfig, { WORKERS: '7', PORT: '4000' })).toMatchObject({ WORKERS: 7, PORT: 4000 });
  });

  it('fails fast naming every bad variable', () => {
    expect(() => validateConfig(ExampleConfig, { WORKERS: 'many', PORT: '70000' })).toThrow(ConfigValidationError);
    try {
      validateConfig(ExampleConfig, { WORKERS: 'many', PORT: '70000', LOG_LEVEL: 'loud' });
    } catch (error) {
      expect((error as Error).message).toMatch(/WORKERS/);
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/LOG_LEVEL/);
    }
  });
});
