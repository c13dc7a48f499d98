import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('masks an access token wherever it sits in the query and keeps the rest', () => {
    expect(redactUrl('/runs/r1/events?access_token=weft_ab_cd&intervalMs=200')).toBe(
      '/runs/r1/events?access_token=[redacted]&intervalMs=200',
    );
    expect(redactUrl('/runs/r1/events?intervalMs=200&ACCESS_TOKEN=x')).toBe(
      '/runs/r1/events?intervalMs=200&ACCESS_TOKEN=[redacted]',
    );
    expect(redactUrl('/runs?flowId=a')).toBe('/runs?flowId=a');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
