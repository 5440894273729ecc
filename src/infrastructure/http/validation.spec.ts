import { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation';

describe('flattenValidationErrors', () => {
  it('names nested fields by their path', () => {
    const child = Object.assign(new ValidationError(), { property: 'qty', constraints: { min: 'qty must not be less than 1' }, children: [] });
    const line = Object.assign(new ValidationError(), { property: '0', children: [child] });
    const lines = Object.assign(new ValidationError(), { property: 'lines', children: [line] });
    const email = Object.assign(new ValidationError(), { property: 'email', constraints: { isEmail: 'email must be an email' }, children: [] });
    expect(flattenValidationErrors([lines, email])).toEqual({
      'lines.0.qty': ['qty must not be less than 1'],
      email: ['email must be an email'],
    });
  });
});
