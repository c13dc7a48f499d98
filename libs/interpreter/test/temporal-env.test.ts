import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTemporalEnv } from '../src/temporal-env';

describe('readTemporalEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-temporal-env-'));
  // No config file unless a test names one: the machine's ~/.config/temporalio/temporal.toml stays out of it.
  const base = { TEMPORAL_CONFIG_FILE: join(dir, 'none.toml') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to a local dev server without TLS', () => {
    expect(readTemporalEnv(base)).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'weft',
      connection: { address: 'localhost:7233' },
    });
  });

  it('takes Temporal Cloud settings: an API key turns TLS on, gRPC metadata passes through', () => {
    const env = readTemporalEnv({
      ...base,
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'acme.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
      TEMPORAL_GRPC_META_X_TEAM: 'ops',
      WEFT_TASK_QUEUE: 'weft-prod',
    });
    expect(env).toMatchObject({ namespace: 'acme.a1b2c', taskQueue: 'weft-prod' });
    expect(env.connection).toEqual({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      apiKey: 'secret-key',
      tls: true,
      metadata: { 'x-team': 'ops' },
    });
  });

  it('reads mTLS files and a server name', () => {
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'client.pem'), 'CERT');
    writeFileSync(join(dir, 'client.key'), 'KEY');
    const { connection } = readTemporalEnv({
      ...base,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS: 'true',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'ca.pem'),
      TEMPORAL_TLS_CLIENT_CERT_PATH: join(dir, 'client.pem'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal',
    });
    const tls = connection.tls as {
      serverNameOverride?: string;
      serverRootCACertificate?: Uint8Array;
      clientCertPair?: { crt: Uint8Array; key: Uint8Array };
    };
    expect(tls.serverNameOverride).toBe('temporal');
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toBe('CA');
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toBe('CERT');
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toBe('KEY');
  });

  it('reads a TOML profile, which the environment overrides', () => {
    const file = join(dir, 'temporal.toml');
    writeFileSync(
      file,
      ['[profile.staging]', 'address = "staging.internal:7233"', 'namespace = "staging"', 'api_key = "k"'].join('\n'),
    );
    const profile = readTemporalEnv({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'staging' });
    expect(profile).toMatchObject({ address: 'staging.internal:7233', namespace: 'staging' });
    expect(profile.connection).toMatchObject({ apiKey: 'k', tls: true });
    const overridden = readTemporalEnv({
      TEMPORAL_CONFIG_FILE: file,
      TEMPORAL_PROFILE: 'staging',
      TEMPORAL_NAMESPACE: 'other',
    });
    expect(overridden.namespace).toBe('other');
  });

  it('refuses bad values with the name of what is wrong', () => {
    expect(() => readTemporalEnv({ ...base, TEMPORAL_ADDRESS: 'no port' })).toThrow(
      'TEMPORAL_ADDRESS must look like host:port, got "no port"',
    );
    expect(() => readTemporalEnv({ ...base, TEMPORAL_TLS: 'yes' })).toThrow(
      'TEMPORAL_TLS must be true, false, 1 or 0, got "yes"',
    );
    expect(() => readTemporalEnv({ ...base, TEMPORAL_PROFILE: 'missing' })).toThrow(
      /^Temporal client configuration \(TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE\): Profile 'missing' not found/,
    );
    expect(() =>
      readTemporalEnv({ ...base, TEMPORAL_TLS: 'true', TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'absent.pem') }),
    ).toThrow(/^Temporal TLS files \(TEMPORAL_TLS_\*_PATH or the profile's tls paths\): ENOENT/);
    const broken = join(dir, 'broken.toml');
    writeFileSync(broken, '[profile.default\naddress = ');
    expect(() => readTemporalEnv({ TEMPORAL_CONFIG_FILE: broken })).toThrow(/^Temporal client configuration/);
  });
});
