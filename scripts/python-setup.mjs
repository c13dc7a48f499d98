// Creates the Python venv of the component SDK (sdk/python) in .data/python-venv and installs the package into it
// with its pinned PyPI dependencies, so the Python worker and its tests need nothing installed by hand. It runs again
// only when sdk/python/pyproject.toml changed since the last install.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
export const venvDir = join(root, '.data', 'python-venv');
export const venvPython = join(venvDir, 'bin', 'python');
const project = join(root, 'sdk', 'python');
const stamp = join(venvDir, '.weft-installed');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : `exit ${result.status}`;
    process.stderr.write(`[python-setup] ${command} ${args.join(' ')} failed (${reason})\n`);
    process.exit(result.status || 1);
  }
}

export function setUpPython() {
  const wanted = createHash('sha256')
    .update(readFileSync(join(project, 'pyproject.toml')))
    .digest('hex');
  if (existsSync(venvPython) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  const python = process.env.WEFT_PYTHON || 'python3';
  const action = existsSync(venvPython) ? 'updating' : `creating (with ${python})`;
  process.stderr.write(`[python-setup] ${action} ${venvDir}: pip install -e sdk/python[test]\n`);
  if (!existsSync(venvPython)) run(python, ['-m', 'venv', venvDir]);
  run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-e', `${project}[test]`]);
  writeFileSync(stamp, wanted);
}

if (import.meta.url === `file://${process.argv[1]}`) setUpPython();
