// Two projects: fast unit specs beside the code, and e2e specs against real services.
const swc = ['@swc/jest', {
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
  module: { type: 'commonjs' },
}];
// Nest 12 and several of its companions ship as ESM; jest's CommonJS runtime needs them transpiled.
const transformIgnorePatterns = ['/node_modules/(?!(@nestjs|@apidevtools|nestjs-pino|file-type|strtok3|token-types|@tokenizer|uint8array-extras|commander|@bull-board|nest-commander|@golevelup)/)'];
const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFiles: ['<rootDir>/test/support/env.ts'],
      // testTimeout is not honoured per project; this sets it for every e2e file.
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'],
    },
  ],
};
