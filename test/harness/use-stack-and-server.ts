import { startFlakyServer, type FlakyServer } from './flaky-server';
import { startTestStack, type TestStack } from './test-stack';

export interface StackAndServer {
  stack: TestStack;
  server: FlakyServer;
}

/** Starts the test stack and a flaky HTTP server before the file's tests and closes both after them. */
export function useStackAndServer(): StackAndServer {
  const env = {} as StackAndServer;
  beforeAll(async () => {
    [env.stack, env.server] = await Promise.all([startTestStack(), startFlakyServer()]);
  });
  afterAll(async () => {
    await env.stack?.close();
    await env.server?.close();
  });
  return env;
}
