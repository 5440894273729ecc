export { OdooSimulator, startOdooSimulator, type OdooSimulatorOptions } from './simulator';
export type { FaultConfig, FaultMode } from './faults';
export type { SimCall, CallFilter } from './calls';
export type { FixtureUser } from './engine/fixtures';
export { defineModel, extendModel } from './engine/registry';
export { f } from './engine/types';
export type { ModelDef, ModelExtension, FieldDef, MethodDef, Row, Vals } from './engine/types';
export { UserError, ValidationError, AccessError, MissingError } from './engine/exceptions';

/** Credentials of the fixture users (tests and the demo log in with these). */
export const SIM_USERS = {
  admin: { login: 'admin', password: 'admin', apiKey: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567' },
  hub: { login: 'hub@cairoconnect.example', password: 'hub-password', apiKey: '7c1e5b0f9d2a4c6e8b3f1a0d5e7c9b2a4f6e8d0c' },
  readonly: { login: 'auditor@cairoconnect.example', password: 'auditor-password', apiKey: '5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c' },
  twoFactor: { login: 'secure@cairoconnect.example', password: 'secure-password', apiKey: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d' },
} as const;
