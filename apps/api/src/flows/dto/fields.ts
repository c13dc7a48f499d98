import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { isDuration, ID_PATTERN, ID_RULE } from '@weft/dsl';

/** Validator and OpenAPI decorators for each kind of field, paired once. */

const FREE_FORM_KEYS = new Map<object, Set<string>>();

/**
 * Marks a property whose value is free-form JSON (any keys, "constructor" included): the shape checks keep
 * class-transformer out of it (see `detachFreeForm`), and it is passed on untouched.
 */
export const FreeForm = (): PropertyDecorator => (target, key) => {
  const keys = FREE_FORM_KEYS.get(target.constructor) ?? new Set<string>();
  keys.add(String(key));
  FREE_FORM_KEYS.set(target.constructor, keys);
};

/** The free-form properties of a DTO class, inherited ones included. */
export function freeFormKeys(cls: unknown): Set<string> {
  const keys = new Set<string>();
  for (let c = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const key of FREE_FORM_KEYS.get(c) ?? []) keys.add(key);
  }
  return keys;
}

/** Present, even null: an optional field given as null is refused unless null is a valid value. */
const IsOptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

export const IdField = (description: string) =>
  applyDecorators(
    ApiProperty({ description, pattern: ID_PATTERN.source }),
    IsString(),
    Matches(ID_PATTERN, { message: `$property ${ID_RULE}` }),
  );

export const TextField = (description: string, { optional = true, max = 10_000 } = {}) =>
  applyDecorators(
    optional ? ApiPropertyOptional({ description }) : ApiProperty({ description }),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    MinLength(1),
    MaxLength(max),
  );

export const DurationField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({
      description: `${description} Milliseconds, or a string like "500ms", "30s", "5m", "2h", "1d".`,
      oneOf: [
        { type: 'number', minimum: 0 },
        { type: 'string', example: '30s' },
      ],
    }),
    IsOptionalNotNull(),
    ValidateBy({
      name: 'isDuration',
      validator: {
        validate: isDuration,
        defaultMessage: () => '$property must be a duration such as 500, "30s" or "5m"',
      },
    }),
  );

export const IntField = (description: string, min: number, max: number) =>
  applyDecorators(
    ApiPropertyOptional({ description, minimum: min, maximum: max }),
    IsOptional(),
    IsInt(),
    Min(min),
    Max(max),
  );

export const NumberField = (description: string, min: number, max: number) =>
  applyDecorators(
    ApiPropertyOptional({ description, minimum: min, maximum: max }),
    IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(min),
    Max(max),
  );

export const BooleanField = (description: string) =>
  applyDecorators(ApiPropertyOptional({ description }), IsOptional(), IsBoolean());

export const ObjectField = (description: string, { optional = true } = {}) =>
  applyDecorators(
    optional
      ? ApiPropertyOptional({ description, type: 'object', additionalProperties: true })
      : ApiProperty({ description, type: 'object', additionalProperties: true }),
    ...(optional ? [IsOptional()] : []),
    IsObject(),
    FreeForm(),
  );

/** Any JSON value. */
export const AnyField = (description: string) =>
  applyDecorators(ApiPropertyOptional({ description }), IsOptional(), FreeForm());

/** A duration, or a `${expression}` that gives one at run time. */
export const TemplatedDurationField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({
      description: `${description} Milliseconds, "30s"-style text, or a \${expression}.`,
      oneOf: [
        { type: 'number', minimum: 0 },
        { type: 'string', example: '30s' },
      ],
    }),
    IsOptionalNotNull(),
    ValidateBy({
      name: 'isTemplatedDuration',
      validator: {
        validate: (value: unknown) => isDuration(value) || (typeof value === 'string' && value.includes('${')),
        defaultMessage: () => '$property must be a duration such as 500, "30s" or "5m", or a ${expression}',
      },
    }),
  );
