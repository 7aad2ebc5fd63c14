import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export class ConfigValidationError extends Error {}

/**
 * Reads an app's configuration class from the environment and fails fast, naming every bad or
 * missing variable. Class fields carry defaults for local use; class-validator decorators say what is valid.
 */
export function validateConfig<T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new schema();
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const key of Object.keys(defaults)) {
    const raw = env[key];
    if (raw === undefined || raw === '') continue;
    // Environment values are strings; the default's type says what the field holds.
    merged[key] = typeof merged[key] === 'number' ? (/^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw) : raw;
  }
  const config = plainToInstance(schema, merged);
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigValidationError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
