import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { KEY_FORMAT_HINT, newApiKey, parseApiKey, type ParsedKey } from './api-key-format';
import { ApiKeysStore } from './api-keys.store';

/** Any constant: replicas starting together take turns checking for an admin key, so only one is made. */
const FIRST_ADMIN_LOCK = 7_301_995;

/**
 * At start: with auth off, says so loudly; with auth on and no active admin key, makes one named `admin` (from
 * WEFT_BOOTSTRAP_ADMIN_KEY when set) and prints a made-up one once, on stdout, whatever the log level.
 */
@Injectable()
export class FirstStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly store: ApiKeysStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.auth === 'off') {
      this.logger.warn(
        [
          '',
          '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
          '!!  WEFT_AUTH=off: NO API KEY IS CHECKED. Anybody who reaches this port is an  !!',
          '!!  admin. Only for a local dev stack; never expose this API.                  !!',
          '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        ].join('\n'),
      );
      return;
    }
    const given = this.givenKey();
    const made = await this.store.transactionWithLock(FIRST_ADMIN_LOCK, async (tx) => {
      if ((await this.store.activeAdminCount(tx)) > 0) return undefined;
      let key: ParsedKey & { key?: string } = newApiKey();
      let fromEnv = false;
      if (given && !(await this.store.idTaken(given.id, tx))) {
        key = given;
        fromEnv = true;
      } else if (given) {
        this.logger.warn('WEFT_BOOTSTRAP_ADMIN_KEY was revoked and no admin key is left: a new one is made instead');
      }
      const name = (await this.store.nameTaken('admin', tx)) ? `admin-${key.id}` : 'admin';
      await this.store.create({ ...key, name, role: 'admin', createdBy: 'first-start' }, tx);
      return { key, name, fromEnv };
    });
    if (!made) return;
    if (made.fromEnv) {
      this.logger.log(`first admin key "${made.name}" made from WEFT_BOOTSTRAP_ADMIN_KEY (id ${made.key.id})`);
      return;
    }
    process.stdout.write(
      [
        '',
        '==============================================================================',
        ` No admin API key existed: made "${made.name}". It is shown ONCE; keep it now:`,
        '',
        `   ${made.key.key}`,
        '',
        ' Use it as "Authorization: Bearer <key>" (CLI: WEFT_API_KEY=<key>), and make',
        ' narrower keys with POST /keys (weft key create).',
        '==============================================================================',
        '',
        '',
      ].join('\n'),
    );
  }

  private givenKey(): ParsedKey | undefined {
    const raw = this.config.bootstrapAdminKey;
    if (!raw) return undefined;
    const parsed = parseApiKey(raw);
    if (!parsed) throw new Error(`WEFT_BOOTSTRAP_ADMIN_KEY must look like ${KEY_FORMAT_HINT}`);
    return parsed;
  }
}
