import { LIMITS } from '@weft/dsl';
import { defineComponent, type Component } from '../../component';
import { runSnippet, type SnippetLanguage } from './run-snippet';

interface CodeInputs {
  code: string;
  input?: unknown;
  timeoutMs?: number;
  memoryMb?: number;
}

const HOW: Record<SnippetLanguage, string> = {
  python: 'The snippet reads `inputs` and assigns `output`.',
  javascript: 'The snippet is the body of an async function of `inputs`; what it returns is the output.',
};

/**
 * A code node: a short user snippet run in a child interpreter process with a timeout and a memory limit,
 * `input` in and its output out as JSON, its stdout and stderr kept as the node's log. docs/code-nodes.md
 * says what the isolation protects against and what it does not.
 */
export function codeComponent(language: SnippetLanguage): Component<CodeInputs, unknown> {
  return defineComponent({
    name: `code.${language}`,
    description: `Runs a ${language} snippet in a child process (timeout, memory limit). ${HOW[language]}`,
    inputSchema: {
      type: 'object',
      properties: {
        code: { type: 'string', minLength: 1, maxLength: 64 * 1024 },
        input: {},
        timeoutMs: { type: 'integer', minimum: 100, maximum: 300_000, default: 10_000 },
        memoryMb: { type: 'integer', minimum: 32, maximum: 4096, default: 256 },
      },
      required: ['code'],
      additionalProperties: false,
    },
    run: ({ code, input = null, timeoutMs = 10_000, memoryMb = 256 }, { signal, log }) =>
      runSnippet({
        language,
        code,
        input,
        timeoutMs,
        memoryMb,
        // Outputs over the inline limit travel as value references (docs/claim-check.md).
        maxOutputBytes: LIMITS.maxReferencedOutputBytes,
        signal,
        onOutput: (source, line) => log.output(source, line),
      }),
  });
}

export const codePython = codeComponent('python');
export const codeJavascript = codeComponent('javascript');
