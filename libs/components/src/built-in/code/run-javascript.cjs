'use strict';
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script run by a bare node, outside the build */
// Runs one Weft code-node snippet: reads {"code", "input"} on stdin, writes the result as JSON on fd 3.
// The snippet is the body of an async function of `inputs` (and `require`); what it returns is the output.
const fs = require('node:fs');
const vm = require('node:vm');

const FILENAME = 'snippet.js';

function lineOf(error) {
  const match = typeof error?.stack === 'string' && error.stack.match(/snippet\.js:(\d+)/);
  return match ? Number(match[1]) : null;
}

function report(result) {
  fs.writeSync(3, JSON.stringify(result));
  process.exit(0);
}

function failure(error) {
  const type = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { type, message, line: lineOf(error) } };
}

async function main() {
  const request = JSON.parse(fs.readFileSync(0, 'utf8'));
  let run;
  try {
    const source = `(async (inputs, require) => {\n${request.code}\n})`;
    run = new vm.Script(source, { filename: FILENAME, lineOffset: -1 }).runInThisContext();
  } catch (error) {
    report(failure(error));
  }
  let output;
  try {
    output = await run(request.input ?? null, require);
  } catch (error) {
    report(failure(error));
  }
  let text;
  try {
    text = JSON.stringify(output === undefined ? null : output);
  } catch (error) {
    report({
      ok: false,
      error: { type: 'OutputNotJson', message: `output is not JSON: ${error.message}`, line: null },
    });
  }
  fs.writeSync(3, `{"ok":true,"output":${text}}`);
  process.exit(0);
}

process.on('uncaughtException', (error) => report(failure(error)));
main().catch((error) => report(failure(error)));
