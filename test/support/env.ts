import { baseTestEnv } from './test-env';

// Runs before each e2e test file: a known environment, whatever the shell had.
Object.assign(process.env, baseTestEnv());
