// PostgreSQL for the storage tests: WEFT_TEST_DATABASE_URL when set, else the machine's PostgreSQL 15 cluster,
// started here (pg_ctlcluster) with a `weft` role that may create the throwaway databases each test file uses.
const { execFileSync } = require('node:child_process');

const ROLE = 'weft_test';
const PASSWORD = 'weft_test';

function run(cmd, args) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function asPostgres(sql) {
  return run('runuser', ['-u', 'postgres', '--', 'psql', '-v', 'ON_ERROR_STOP=1', '-qAt', '-p', '5432', '-c', sql]);
}

/** Returns the admin URL tests create their databases through, and whether this call started the cluster. */
function ensurePostgres() {
  if (process.env.WEFT_TEST_DATABASE_URL) return { url: process.env.WEFT_TEST_DATABASE_URL, started: false };
  let started = false;
  try {
    const clusters = run('pg_lsclusters', ['--no-header']);
    const line = clusters.split('\n').find((l) => /^15\s+main\s/.test(l));
    if (!line) throw new Error(`no PostgreSQL 15 "main" cluster (pg_lsclusters: ${clusters.trim() || 'none'})`);
    if (!/\bonline\b/.test(line)) {
      run('pg_ctlcluster', ['15', 'main', 'start']);
      started = true;
    }
    asPostgres(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
           CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}';
         END IF;
       END $$;`,
    );
  } catch (err) {
    const detail = err.stderr ? String(err.stderr).trim() : err.message;
    throw new Error(
      `[test] PostgreSQL is needed by the storage tests and could not be started: ${detail}\n` +
        '  Start it (pg_ctlcluster 15 main start) or point WEFT_TEST_DATABASE_URL at a server whose user may CREATE DATABASE.',
    );
  }
  return { url: `postgres://${ROLE}:${PASSWORD}@127.0.0.1:5432/postgres`, started };
}

module.exports = { ensurePostgres };
