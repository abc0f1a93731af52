'use strict';
// Copies the repository's proto/ into the package (run by `npm pack`), so that
// the installed package loads its own copy.

const fs = require('node:fs');
const path = require('node:path');

const from = path.resolve(__dirname, '..', '..', '..', 'proto');
const to = path.resolve(__dirname, '..', 'proto');
fs.rmSync(to, { recursive: true, force: true });
fs.cpSync(from, to, { recursive: true });
