import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString } from 'class-validator';
import type { DurationInput, RetryPolicyDefinition } from '@weft/dsl';
import { DurationField, IntField, NumberField } from './fields';

export class RetryPolicyDto implements RetryPolicyDefinition {
  @IntField('Attempts in all, the first included; 1 means no retry.', 1, 1000)
  maximumAttempts?: number;

  @DurationField('Wait before the first retry.')
  initialInterval?: DurationInput;

  @NumberField('Factor by which the wait grows after each retry.', 1, 100)
  backoffCoefficient?: number;

  @DurationField('Longest wait between retries.')
  maximumInterval?: DurationInput;

  @ApiPropertyOptional({ description: 'Error types that are never retried.', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  nonRetryable?: string[];
}
