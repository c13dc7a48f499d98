import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FlowValidationError } from '../validation-issue';
import { FlowDefinitionDto } from './flow-definition.dto';
import { toIssues } from './to-issues';

/** The options the API's ValidationPipe uses too, so both read a definition the same way. */
export const STRICT_VALIDATION = { whitelist: true, forbidNonWhitelisted: true } as const;

/** Checks the shape of a definition (types, required and unknown fields); throws FlowValidationError. */
export function parseFlowDefinition(plain: unknown): FlowDefinitionDto {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new FlowValidationError([{ path: '$', message: 'a flow definition must be a JSON object' }]);
  }
  const dto = plainToInstance(FlowDefinitionDto, plain);
  const issues = toIssues(validateSync(dto, STRICT_VALIDATION));
  if (issues.length) throw new FlowValidationError(issues);
  return dto;
}
