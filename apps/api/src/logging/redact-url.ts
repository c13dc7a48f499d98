/** Query parameters that carry secrets (an event stream's `access_token`), masked before a URL is logged. */
const SECRET_PARAMS = /([?&](?:access_token|api_key|key)=)[^&#]*/gi;

export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_PARAMS, '$1[redacted]');
}
