import { SetMetadata } from '@nestjs/common';

export const QUERY_TOKEN_ROUTE = 'weft:queryToken';

/**
 * The key may also come as `?access_token=<key>`: only for server-sent event streams, because a browser's
 * EventSource cannot send headers. Anywhere else a key in the URL would end up in logs and histories.
 */
export const AcceptsQueryToken = () => SetMetadata(QUERY_TOKEN_ROUTE, true);
