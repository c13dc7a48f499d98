import { ValidationPipe, type ArgumentMetadata, type Provider } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { checkJsonDepth } from '@weft/dsl';
import { detachFreeForm, outsideRefused, STRICT_VALIDATION, toIssues } from '../flows/dto';
import { InvalidInputError } from './api-errors';

/**
 * Every JSON body goes through here first: nesting past MAX_JSON_DEPTH or a "__proto__" key is refused before
 * anything recurses into it, and free-form values are kept away from class-transformer (it crashes on a
 * "constructor" key) and passed on untouched.
 */
export class GuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return super.transform(value, metadata);
    const tooDeep = checkJsonDepth(value);
    if (tooDeep) throw new InvalidInputError('Invalid request', [tooDeep]);
    const plainBody = !metadata.metatype || metadata.metatype === Object;
    if (plainBody || typeof value !== 'object' || value === null) return super.transform(value, metadata);
    const { skeleton, issues, refused, reattach } = detachFreeForm(value, metadata.metatype);
    let dto: unknown;
    try {
      dto = await super.transform(skeleton, metadata);
    } catch (err) {
      if (err instanceof InvalidInputError && issues.length) {
        throw new InvalidInputError(err.title, [...issues, ...outsideRefused(err.issues, refused)]);
      }
      throw err;
    }
    if (issues.length) throw new InvalidInputError('Invalid request', issues);
    reattach(dto);
    return dto;
  }
}

/** Registered through APP_PIPE so tests validate exactly as production does. */
export const validationPipeProvider: Provider = {
  provide: APP_PIPE,
  useFactory: () =>
    new GuardedValidationPipe({
      ...STRICT_VALIDATION,
      transform: true,
      // toIssues needs each parent's value to tell a list's items (`[0]`) from an object's keys.
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => new InvalidInputError('Invalid request', toIssues(errors)),
    }),
};
