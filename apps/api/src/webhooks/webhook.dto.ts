import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN } from '@weft/dsl';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { EVENT_PATTERNS } from './webhook-events';

const URL_RULE = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  require_valid_protocol: true,
};
const URL_MESSAGE = '$property must be an http:// or https:// URL';
const EVENTS_MESSAGE = `each value in $property must be one of: ${EVENT_PATTERNS.join(', ')}`;

export class CreateWebhookDto {
  @ApiProperty({
    description: 'Where deliveries are POSTed (http or https).',
    example: 'https://example.com/hooks/weft',
  })
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULE, { message: URL_MESSAGE })
  url!: string;

  @ApiPropertyOptional({ description: 'Only runs of this flow; every flow when absent.' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: '$property is not a flow id' })
  flowId?: string;

  @ApiProperty({
    description: 'Event types (run.started, run.completed, run.failed, node.failed…), `run.*`, `node.*` or `*`.',
    example: ['run.failed'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_PATTERNS.length)
  @IsIn(EVENT_PATTERNS, { each: true, message: EVENTS_MESSAGE })
  events!: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ description: 'The signing secret to use; one is generated when absent. Shown only once.' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULE, { message: URL_MESSAGE })
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_PATTERNS.length)
  @IsIn(EVENT_PATTERNS, { each: true, message: EVENTS_MESSAGE })
  events?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ description: 'The new secret; one is generated when absent. Shown only once.' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export class ListDeliveriesDto {
  @ApiPropertyOptional({ description: 'Only deliveries of this run.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  runId?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `$property must be one of: ${DELIVERY_STATUSES.join(', ')}` })
  status?: (typeof DELIVERY_STATUSES)[number];
}
