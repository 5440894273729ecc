import { AppError, BusinessRuleViolation, NotFound } from '../../../infrastructure/errors';

export class CartonaAccountNotFound extends NotFound {
  constructor(id: string) {
    super(`Cartona account ${id} not found`, 'CARTONA.ACCOUNT_NOT_FOUND');
  }
}
export class CartonaOrderNotFound extends NotFound {
  constructor(hashedId: string) {
    super(`Cartona order ${hashedId} is not known to the hub`, 'CARTONA.ORDER_NOT_FOUND');
  }
}
export class NoCartonaAccount extends BusinessRuleViolation {
  constructor() {
    super('CARTONA.NOT_CONFIGURED', 'No enabled Cartona account is configured (set CARTONA_API_TOKEN or create one through the admin API)');
  }
}
/** An order that cannot be imported as it stands (unmapped product, bad payload); held, replayable. */
export class OrderHeld extends AppError {
  constructor(readonly holdCode: string, message: string, readonly problems: string[]) {
    super(`CARTONA.ORDER_HELD`, message, 'business_rule', { holdCode, problems });
  }
}
