#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
require('../dist/cli/main.js').runCli(process.argv);
