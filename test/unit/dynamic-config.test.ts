import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

describe('server settings', () => {
  it('the compose cluster runs with the dev server’s performance settings', () => {
    // temporal/dynamic-config.mjs is an ECMAScript module, which jest's CommonJS sandbox cannot import.
    const settings = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { PERFORMANCE_DYNAMIC_CONFIG as c } from './temporal/dynamic-config.mjs'; console.log(JSON.stringify(c))",
        ],
        { cwd: root, encoding: 'utf8' },
      ),
    ) as Record<string, unknown>;
    const yaml = readFileSync(join(root, 'temporal/compose/dynamicconfig.yaml'), 'utf8');
    expect(Object.keys(settings)).toContain('system.enableActivityEagerExecution');
    for (const [key, value] of Object.entries(settings)) {
      const line = new RegExp(`^${key.replace(/\./g, '\\.')}:\\n  - value: (.+)$`, 'm').exec(yaml);
      expect({ key, value: line && JSON.parse(line[1]) }).toEqual({ key, value });
    }
  });
});
