import { randomUUID } from 'node:crypto';
import { newApiKey } from '../../apps/api/src/auth/api-key-format';
import type { Page } from 'playwright-core';
import { screenshot, startConsoleStack, waitForGraph, waitUntilPlaced, type ConsoleStack } from './browser';

/** Replaces the designer's JSON text as a paste would. */
async function setEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.json-editor .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const editorText = (page: Page) => page.locator('.json-editor .cm-content').innerText();

/** With API keys on (WEFT_AUTH=on): the console asks for one when the API answers 401. */
describe('console designer', () => {
  let env: ConsoleStack;
  const flowId = `designed-${randomUUID().slice(0, 8)}`;
  const admin = newApiKey().key;
  const asAdmin = (path: string) => env.stack.http().get(path).set('Authorization', `Bearer ${admin}`);

  beforeAll(async () => {
    process.env.WEFT_BOOTSTRAP_ADMIN_KEY = admin;
    env = await startConsoleStack({ auth: 'on' });
  });
  afterAll(async () => {
    delete process.env.WEFT_BOOTSTRAP_ADMIN_KEY;
    await env?.close();
  });

  it('shows a validation error on its node, edits on the canvas, then publishes', async () => {
    const page = await env.open('/#/designer');
    await waitForGraph(page, '[data-testid="designer-graph"] .flow-graph');
    await page.locator('.json-editor[data-schema="loaded"]').waitFor();
    const invalid = {
      id: flowId,
      name: 'Designed in the console',
      nodes: [
        { id: 'hello', type: 'task', component: 'core.log', inputs: { message: 'hello' } },
        { id: 'fetch', type: 'task', component: 'no.such.component' },
        { id: 'done', type: 'end' },
      ],
      edges: [
        { from: 'hello', to: 'fetch' },
        { from: 'fetch', to: 'done' },
      ],
    };
    await setEditorText(page, JSON.stringify(invalid, null, 2));
    await page.locator('.react-flow__node[data-id="fetch"]').waitFor();

    // The API asks for a key: the console says so and takes one, kept for the next requests.
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByText('The API asks for a key.').waitFor();
    await page.getByLabel('API key').fill(admin);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Validate' }).click();
    const issue = page.locator('.react-flow__node[data-id="fetch"] .weft-node-issue');
    await issue.waitFor();
    expect(await issue.innerText()).toMatch(/no\.such\.component/);
    // The problem list names the JSON path the API reported; no other node carries an issue.
    await page.locator('[data-testid="designer-status"]').getByText('$.nodes[1].component').waitFor();
    expect(await page.locator('.weft-node.has-issues').count()).toBe(1);
    await screenshot(page, 'designer');
    // The API refused it: nothing was published.
    await asAdmin(`/flows/${flowId}`).expect(404);

    // Canvas edits flow back into the JSON: remove the bad node, add a task after `hello`, connect it to `done`.
    await page.locator('.react-flow__node[data-id="fetch"]').click();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await page.locator('.react-flow__node[data-id="fetch"]').waitFor({ state: 'detached' });
    expect(await editorText(page)).not.toContain('no.such.component');

    await page.locator('.react-flow__node[data-id="hello"]').click();
    await page.getByRole('button', { name: 'Add node' }).click();
    await page.locator('.react-flow__node[data-id="task"]').waitFor();
    const source = page.locator('.react-flow__node[data-id="task"] .react-flow__handle.source');
    const target = page.locator('.react-flow__node[data-id="done"] .react-flow__handle.target');
    await waitUntilPlaced(page, source);
    await waitUntilPlaced(page, target);
    await source.dragTo(target);
    await page.locator('.react-flow__edge[aria-label="Edge from task to done"]').waitFor({ state: 'attached' });
    expect(await editorText(page)).toMatch(/"from": "task",\s*"to": "done"/);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('[data-testid="designer-status"]').getByText(`${flowId} v1`).waitFor();
    const published = (await asAdmin(`/flows/${flowId}`).expect(200)).body as {
      version: number;
      definition: { nodes: { id: string; type: string }[]; edges: { from: string; to: string }[] };
    };
    expect(published.version).toBe(1);
    expect(published.definition.nodes.map((n) => n.id)).toEqual(['hello', 'done', 'task']);
    expect(published.definition.edges).toEqual([
      { from: 'hello', to: 'task' },
      { from: 'task', to: 'done' },
    ]);
    expect(env.pageErrors).toEqual([]);
  });

  it('completes from the flow language schema', async () => {
    const page = await env.open('/#/designer');
    await page.locator('.json-editor[data-schema="loaded"] .cm-content').waitFor();
    const completions = async (before: string, after: string, typed: string) => {
      await setEditorText(page, before + after);
      for (let i = 0; i < after.length; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.type(typed);
      const options = page.locator('.cm-tooltip-autocomplete li');
      // Completion opens as one types; on a loaded machine a keystroke can land before the editor has taken the
      // previous one's focus, so ask for it explicitly (Ctrl-Space, as a user would) when it has not opened.
      await options
        .first()
        .waitFor({ timeout: 5000 })
        .catch(() => page.keyboard.press('Control+Space'));
      await options.first().waitFor();
      const labels = await options.allInnerTexts();
      await page.keyboard.press('Escape');
      return labels.join(' ');
    };
    await page.getByLabel('API key').fill(admin);
    await page.getByRole('button', { name: 'Save' }).click();
    // Property names of the flow, then of a node of the kind its `type` names.
    expect(await completions('{ "id": "x", ', ' }', '"n')).toMatch(/name.*nodes/s);
    expect(await completions('{ "id": "x", "nodes": [{ "id": "a", "type": "wait", ', ' }] }', '"d')).toMatch(
      /duration/,
    );
    // Values the schema cannot list: node kinds, the API's components, the ids of the nodes in the text.
    expect(await completions('{ "id": "x", "nodes": [{ "id": "a", "type": ', ' }] }', '"f')).toMatch(
      /(?=.*foreach)(?=.*fail)/s,
    );
    expect(
      await completions('{ "id": "x", "nodes": [{ "id": "a", "type": "task", "component": ', ' }] }', '"core.'),
    ).toMatch(/(?=.*core\.delay)(?=.*core\.log)(?=.*core\.noop)/s);
    const twoNodes = '{ "id": "x", "nodes": [{ "id": "fetch", "type": "end" }, { "id": "store", "type": "end" }], ';
    expect(await completions(`${twoNodes}"edges": [{ "from": "fetch", "to": `, ' }] }', '"s')).toMatch(/store/);
  });
});
