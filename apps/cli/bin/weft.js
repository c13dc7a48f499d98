#!/usr/bin/env node
// Runs the TypeScript sources directly, like the API and the worker.
require('@swc-node/register');
require('../src/main.ts');
