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
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { isDuration } from '../duration';
import { ID_PATTERN, ID_RULE } from '../identifiers';

/** Validator and OpenAPI decorators for each kind of field, paired once. */

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
      oneOf: [{ type: 'number', minimum: 0 }, { type: 'string', example: '30s' }],
    }),
    IsOptional(),
    ValidateBy({
      name: 'isDuration',
      validator: { validate: isDuration, defaultMessage: () => '$property must be a duration such as 500, "30s" or "5m"' },
    }),
  );

export const IntField = (description: string, min: number, max: number) =>
  applyDecorators(ApiPropertyOptional({ description, minimum: min, maximum: max }), IsOptional(), IsInt(), Min(min), Max(max));

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
  );

/** Any JSON value. */
export const AnyField = (description: string) => applyDecorators(ApiPropertyOptional({ description }), IsOptional());

/** A duration, or a `${expression}` that gives one at run time. */
export const TemplatedDurationField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({
      description: `${description} Milliseconds, "30s"-style text, or a \${expression}.`,
      oneOf: [{ type: 'number', minimum: 0 }, { type: 'string', example: '30s' }],
    }),
    IsOptional(),
    ValidateBy({
      name: 'isTemplatedDuration',
      validator: {
        validate: (value: unknown) => isDuration(value) || (typeof value === 'string' && value.includes('${')),
        defaultMessage: () => '$property must be a duration such as 500, "30s" or "5m", or a ${expression}',
      },
    }),
  );
