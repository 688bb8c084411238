#!/usr/bin/env node
'use strict';
// The CLI runs the compiled output (built by `npm run build`, which `npm ci` runs through `prepare`).
require('../dist/cli/main.js');
