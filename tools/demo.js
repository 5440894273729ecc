#!/usr/bin/env node
// `npm run demo`: runs the compiled demo (src/demo/demo.ts: simulators seeded with a dataset, the
// hub wired to them) once that exists in this checkout; until then, says so instead of a stack trace.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'src', 'demo', 'demo.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'The demo mode (seeded Odoo, Cartona and ABS simulators and the operator console) is not in this checkout yet.\n' +
      'Run the hub against the systems configured in the environment with `npm start`, or the tests with `npm test`.\n',
  );
  process.exit(1);
}
require(entry);
