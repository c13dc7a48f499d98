import { readApiConfig } from '../config/api-config';
import { temporalUiRunUrl, temporalUiUrl } from './temporal-ui';

describe('the Temporal Web UI link', () => {
  it('defaults to the dev server UI and drops trailing slashes', () => {
    expect(temporalUiUrl({})).toBe('http://localhost:8233');
    expect(temporalUiUrl({ WEFT_TEMPORAL_UI_URL: 'https://temporal.example.org/ui/' })).toBe(
      'https://temporal.example.org/ui',
    );
  });

  it('refuses an address that is not http(s), naming the variable', () => {
    expect(() => readApiConfig({ WEFT_TEMPORAL_UI_URL: 'localhost:8233' })).toThrow(
      'WEFT_TEMPORAL_UI_URL must be an http(s) address, got "localhost:8233"',
    );
    expect(() => temporalUiUrl({ WEFT_TEMPORAL_UI_URL: 'not a url' })).toThrow('WEFT_TEMPORAL_UI_URL');
  });

  it("links a run's workflow page in its namespace, escaping the id", () => {
    expect(temporalUiRunUrl('http://localhost:8233', 'default', 'order-1')).toBe(
      'http://localhost:8233/namespaces/default/workflows/order-1',
    );
    expect(temporalUiRunUrl('http://ui', 'prod ns', 'a/b')).toBe('http://ui/namespaces/prod%20ns/workflows/a%2Fb');
  });
});
