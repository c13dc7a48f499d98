import { ValidationPipe, type Provider } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { STRICT_VALIDATION, toIssues } from '@weft/dsl/dto';
import { InvalidInputError } from './api-errors';

/** Registered through APP_PIPE so tests validate exactly as production does. */
export const validationPipeProvider: Provider = {
  provide: APP_PIPE,
  useFactory: () =>
    new ValidationPipe({
      ...STRICT_VALIDATION,
      transform: true,
      exceptionFactory: (errors) => new InvalidInputError('Invalid request', toIssues(errors)),
    }),
};
