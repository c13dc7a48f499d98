// A PostgreSQL cluster of the production stack's own, initialised into its state folder with the machine's
// PostgreSQL binaries: restarting or stopping it disturbs no other PostgreSQL user on the machine (the tests of
// other engineers share the `15 main` cluster). Run as the `postgres` user when we are root, as PostgreSQL demands.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export interface PostgresClusterOptions {
  /** Folder of the cluster: data/, the socket and the log go in it. */
  dir: string;
  port: number;
  /** The superuser (as the `postgres` image's POSTGRES_USER) and its password. */
  user: string;
  password: string;
}

/** /usr/lib/postgresql/<newest>/bin, or WEFT_PG_BIN. */
export function postgresBinDir(): string {
  if (process.env.WEFT_PG_BIN) return process.env.WEFT_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin); set WEFT_PG_BIN');
  return join(root, newest, 'bin');
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export class PostgresCluster {
  constructor(readonly options: PostgresClusterOptions) {}

  get dataDir() {
    return join(this.options.dir, 'data');
  }

  get logFile() {
    return join(this.options.dir, 'postgresql.log');
  }

  /** postgres://user:password@127.0.0.1:port/<database> */
  url(database = 'postgres') {
    const { user, password, port } = this.options;
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  }

  private run(tool: string, args: string[], timeout = 120_000): string {
    const bin = join(postgresBinDir(), tool);
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    try {
      return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${tool} ${args.join(' ')} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
    }
  }

  /** initdb once (the folder keeps the cluster between starts). */
  init(): boolean {
    const { dir, user, password } = this.options;
    if (existsSync(join(this.dataDir, 'PG_VERSION'))) return false;
    mkdirSync(dir, { recursive: true });
    // The postgres user must reach its folder: make the path traversable and the folder its own.
    if (asRoot) {
      chmodSync(dir, 0o700);
      const { uid, gid } = postgresIds();
      chownSync(dir, uid, gid);
      for (let parent = join(dir, '..'); parent !== '/'; parent = join(parent, '..')) {
        const mode = statMode(parent);
        if ((mode & 0o001) === 0) chmodSync(parent, mode | 0o001);
      }
    }
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (asRoot) chownSync(pwfile, postgresIds().uid, postgresIds().gid);
    this.run('initdb', [
      '-D',
      this.dataDir,
      '-U',
      user,
      `--pwfile=${pwfile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=trust',
      '-E',
      'UTF8',
      '--no-instructions',
    ]);
    return true;
  }

  /** Starts the server (pg_ctl: it runs detached) and waits until it accepts connections. */
  start(): void {
    const { dir, port } = this.options;
    // Temporal opens up to 20 + 10 connections per service and store; two API replicas and the tests add theirs.
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c max_connections=400',
      '-c shared_buffers=128MB',
    ];
    this.run('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', '-o', settings.join(' '), 'start']);
  }

  /** `pg_ctl restart -m fast`: every connection is cut, the server comes back on the same port and data. */
  restart(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', '-m', 'fast', 'restart']);
  }

  stop(): void {
    if (!this.isRunning()) return;
    this.run('pg_ctl', ['-D', this.dataDir, '-w', '-t', '60', '-m', 'fast', 'stop']);
  }

  isRunning(): boolean {
    try {
      this.run('pg_ctl', ['-D', this.dataDir, 'status']);
      return true;
    } catch {
      return false;
    }
  }

  /** The postmaster's pid, from postmaster.pid. */
  pid(): number | undefined {
    try {
      return Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  }
}

function postgresIds() {
  const out = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
  const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
  return { uid: Number(out), gid: Number(gid) };
}

function statMode(path: string): number {
  return statSync(path).mode & 0o7777;
}
