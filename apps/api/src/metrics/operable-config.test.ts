import { readApiConfig } from '../config/api-config';

describe('the API settings for logs and metrics', () => {
  const base = { DATABASE_URL: 'pglite://memory' };

  it('defaults to info logs and run counts kept 10 s', () => {
    expect(readApiConfig(base)).toMatchObject({ logLevel: 'info', metricsRunsTtlMs: 10_000 });
  });

  it('takes WEFT_LOG_LEVEL and WEFT_METRICS_RUNS_TTL_MS', () => {
    expect(readApiConfig({ ...base, WEFT_LOG_LEVEL: 'silent', WEFT_METRICS_RUNS_TTL_MS: '0' })).toMatchObject({
      logLevel: 'silent',
      metricsRunsTtlMs: 0,
    });
  });

  it('refuses bad values naming the variable', () => {
    expect(() => readApiConfig({ ...base, WEFT_LOG_LEVEL: 'verbose' })).toThrow(
      'WEFT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
    expect(() => readApiConfig({ ...base, WEFT_METRICS_RUNS_TTL_MS: '1.5' })).toThrow(
      'WEFT_METRICS_RUNS_TTL_MS must be an integer from 0 to 3600000, got "1.5"',
    );
  });
});
