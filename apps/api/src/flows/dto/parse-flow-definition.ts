import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { checkJsonDepth, FlowValidationError } from '@weft/dsl';
import { detachFreeForm, outsideRefused, type ClassOf } from './detach-free-form';
import { FlowDefinitionDto } from './flow-definition.dto';
import { ForeachNodeDto, GraphDto, LoopNodeDto, NODE_DTOS, NodeDto } from './node.dto';
import { toIssues } from './to-issues';

/** The options the API's ValidationPipe uses too, so both read a definition the same way. */
export const STRICT_VALIDATION = { whitelist: true, forbidNonWhitelisted: true } as const;

/** Which DTO class reads each object of a definition: nodes by their type, loop and foreach bodies as graphs. */
const definitionClassOf: ClassOf = (parent, key, value) => {
  if ((parent === FlowDefinitionDto || parent === GraphDto) && key === 'nodes') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { refuse: 'a node must be a JSON object' };
    }
    const type = (value as { type?: unknown }).type;
    return NODE_DTOS.find(({ name }) => name === type)?.value ?? NodeDto;
  }
  if ((parent === LoopNodeDto || parent === ForeachNodeDto) && key === 'body') return GraphDto;
  return undefined;
};

/** Checks the shape of a definition (types, required and unknown fields); throws FlowValidationError. */
export function parseFlowDefinition(plain: unknown): FlowDefinitionDto {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new FlowValidationError([{ path: '$', message: 'a flow definition must be a JSON object' }]);
  }
  // Before anything that recurses: class-transformer, class-validator and the checks overflow the stack ~2,000 deep.
  const tooDeep = checkJsonDepth(plain);
  if (tooDeep) throw new FlowValidationError([tooDeep]);
  const { skeleton, issues: refusals, refused, reattach } = detachFreeForm(plain, FlowDefinitionDto, definitionClassOf);
  const dto = plainToInstance(FlowDefinitionDto, skeleton);
  const issues = [...refusals, ...outsideRefused(toIssues(validateSync(dto, STRICT_VALIDATION)), refused)];
  if (issues.length) throw new FlowValidationError(issues);
  reattach(dto);
  return dto;
}
