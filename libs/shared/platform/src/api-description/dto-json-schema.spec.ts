import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  validateSync,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DtoClass, dtoJsonSchema, JsonSchemaObject } from './dto-json-schema';

function IsShoeSize() {
  return (target: object, propertyName: string) =>
    registerDecorator({ name: 'isShoeSize', target: target.constructor, propertyName, validator: { validate: (v: unknown) => typeof v === 'string' && /^\d{1,2}$/.test(v) } });
}

class Pet {
  @IsString() @MinLength(1) @MaxLength(20) name: string;
  @IsIn(['cat', 'dog']) kind: 'cat' | 'dog';
}

class Person {
  @IsUUID() id: string;
  @IsString() @IsNotEmpty() @Matches(/\S/) @MaxLength(100) name: string;
  @IsOptional() @IsEmail() email?: string;
  @IsInt() @Min(0) @Max(150) age: number;
  @IsBoolean() adult: boolean;
  @IsOptional() @IsISO8601({ strict: true }) seenAt?: string;
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(3) @ArrayUnique() @Matches(/^[a-z]+$/, { each: true }) tags: string[];
  @IsObject() @ValidateNested() @Type(() => Pet) favourite: Pet;
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => Pet) pets?: Pet[];
  @ValidateIf((_o, value) => value !== undefined) @IsInt() luckyNumber?: number;
  @IsOptional() @IsShoeSize() shoeSize?: string;
}

class Employee extends Person {
  @IsString() @Matches(/^E\d+$/) staffNumber: string;
}

const refs = new Map<string, DtoClass>();
const options = { refTo: (dto: DtoClass): JsonSchemaObject => (refs.set(dto.name, dto), { $ref: `#/components/schemas/${dto.name}` }), customDecorators: { isShoeSize: { type: 'string', pattern: '^\\d{1,2}$' } } };

describe('dtoJsonSchema', () => {
  const person = dtoJsonSchema(Person, options);

  it('describes each decorator the services use', () => {
    expect(person.properties).toEqual({
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
      email: { type: 'string', format: 'email' },
      age: { type: 'integer', minimum: 0, maximum: 150 },
      adult: { type: 'boolean' },
      seenAt: { type: 'string', format: 'date-time' },
      tags: { type: 'array', minItems: 1, maxItems: 3, uniqueItems: true, items: { type: 'string', pattern: '^[a-z]+$' } },
      favourite: { $ref: '#/components/schemas/Pet', type: 'object' },
      pets: { type: 'array', minItems: 1, items: { $ref: '#/components/schemas/Pet', type: 'object' } },
      luckyNumber: { type: 'integer' },
      shoeSize: { type: 'string', pattern: '^\\d{1,2}$' },
    });
    expect(refs.get('Pet')).toBe(Pet);
  });

  it('requires what IsOptional or ValidateIf cannot skip, and refuses other fields', () => {
    expect(person.required).toEqual(['id', 'name', 'age', 'adult', 'tags', 'favourite']);
    expect(person.additionalProperties).toBe(false);
  });

  it('includes what a DTO inherits', () => {
    const employee = dtoJsonSchema(Employee, options);
    expect(Object.keys(employee.properties!)).toEqual(expect.arrayContaining([...Object.keys(person.properties!), 'staffNumber']));
    expect(employee.required).toContain('staffNumber');
  });

  it('keeps every pattern when a field has two, and the tighter bound when two overlap', () => {
    class Twice {
      @IsString() @MinLength(20) @IsNotEmpty() @Matches(/^a/) @Matches(/b$/) text: string;
    }
    expect(dtoJsonSchema(Twice, options).properties!['text']).toEqual({ type: 'string', minLength: 20, pattern: 'b$', allOf: [{ pattern: '^a' }] });
  });

  it('refuses to guess: an unknown custom validator, a nested array without @Type, a pattern with flags', () => {
    class Unknown {
      @IsShoeSize() size: string;
    }
    expect(() => dtoJsonSchema(Unknown, { refTo: options.refTo })).toThrow('Unknown.size: no JSON Schema for the validator "isShoeSize"');
    class Untyped {
      @IsArray() @ValidateNested({ each: true }) pets: Pet[];
    }
    expect(() => dtoJsonSchema(Untyped, options)).toThrow('Untyped.pets: ValidateNested needs @Type');
    class Flagged {
      @Matches(/^a$/i) text: string;
    }
    expect(() => dtoJsonSchema(Flagged, options)).toThrow('has no JSON Schema form');
  });

  describe('agrees with class-validator (whitelist, forbidNonWhitelisted) on what it accepts', () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    ajv.addSchema({ ...dtoJsonSchema(Pet, options), $id: 'Pet' });
    const schema = JSON.parse(JSON.stringify(person).replace(/#\/components\/schemas\//g, '')) as object;
    const validate = ajv.compile(schema);
    const valid = {
      id: '0b3f5c1e-8a4d-4c2e-9f1a-2d3e4f5a6b7c',
      name: 'Ada',
      age: 36,
      adult: true,
      tags: ['maths'],
      favourite: { name: 'Tom', kind: 'cat' },
    };
    const accepts = (body: object) => validateSync(plainToInstance(Person, body), { whitelist: true, forbidNonWhitelisted: true }).length === 0;

    it.each([
      ['the smallest valid body', valid],
      ['every optional field', { ...valid, email: 'ada@example.org', seenAt: '2026-01-02T03:04:05Z', pets: [{ name: 'Rex', kind: 'dog' }], luckyNumber: 7, shoeSize: '41' }],
      ['an unknown field', { ...valid, nickname: 'A' }],
      ['an unknown field in a nested object', { ...valid, favourite: { name: 'Tom', kind: 'cat', age: 3 } }],
      ['a missing required field', { ...valid, adult: undefined }],
      ['a wrong enum value', { ...valid, favourite: { name: 'Tom', kind: 'fish' } }],
      ['a blank name', { ...valid, name: '   ' }],
      ['a too long name', { ...valid, name: 'x'.repeat(101) }],
      ['a fraction for an integer', { ...valid, age: 3.5 }],
      ['an age out of bounds', { ...valid, age: 151 }],
      ['duplicate tags', { ...valid, tags: ['a', 'a'] }],
      ['no tags', { ...valid, tags: [] }],
      ['a tag off the pattern', { ...valid, tags: ['A1'] }],
      ['an empty pets list', { ...valid, pets: [] }],
      ['a bad uuid', { ...valid, id: 'not-a-uuid' }],
      ['a bad email', { ...valid, email: 'ada' }],
      ['a null lucky number (ValidateIf checks null)', { ...valid, luckyNumber: null }],
      ['a bad custom value', { ...valid, shoeSize: 'big' }],
    ])('%s', (_what, body) => {
      const plain = JSON.parse(JSON.stringify(body)) as object;
      expect(validate(plain)).toBe(accepts(plain));
    });

    it('but for null in an IsOptional field: the service lets it through, the schema says leave the field out', () => {
      const body = { ...valid, email: null };
      expect(accepts(body)).toBe(true);
      expect(validate(body)).toBe(false);
    });
  });
});
