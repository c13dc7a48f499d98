import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** One of temporal/dynamic-config.mjs's exports, read in a child process. */
function exported(name: string): Record<string, unknown> {
  // temporal/dynamic-config.mjs is an ECMAScript module, which jest's CommonJS sandbox cannot import.
  const script = `import { ${name} as c } from './temporal/dynamic-config.mjs'; console.log(JSON.stringify(c))`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }),
  ) as Record<string, unknown>;
}

describe('server settings', () => {
  it('the compose cluster runs with the dev server’s performance settings', () => {
    const settings = exported('PERFORMANCE_DYNAMIC_CONFIG');
    const yaml = readFileSync(join(root, 'temporal/compose/dynamicconfig.yaml'), 'utf8');
    expect(Object.keys(settings)).toContain('system.enableActivityEagerExecution');
    for (const [key, value] of Object.entries(settings)) {
      const line = new RegExp(`^${key.replace(/\./g, '\\.')}:\\n  - value: (.+)$`, 'm').exec(yaml);
      expect({ key, value: line && JSON.parse(line[1]) }).toEqual({ key, value });
    }
  });

  it('the compose cluster keeps the default task-queue partitions that the dev server alone lowers', () => {
    const yaml = readFileSync(join(root, 'temporal/compose/dynamicconfig.yaml'), 'utf8');
    for (const key of Object.keys(exported('DEV_SERVER_DYNAMIC_CONFIG'))) expect(yaml).not.toContain(key);
  });
});
