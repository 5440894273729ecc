import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationFailed } from '../errors';
import { flattenValidationErrors } from '../http/validation';

/** Validates a command's options with the same DTO classes (and messages) as the HTTP API. */
export async function validateInput<T extends object>(cls: new () => T, input: Record<string, unknown>): Promise<T> {
  const value = plainToInstance(cls, input);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new ValidationFailed('Invalid command input', flattenValidationErrors(errors));
  return value;
}
