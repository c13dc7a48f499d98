import { assertStorable } from '../database/storable-text';
import { Injectable } from '@nestjs/common';
import type { Actor } from './actor';
import { newApiKey } from './api-key-format';
import { ApiKeysStore, type ApiKeyView } from './api-keys.store';
import type { CreateKeyDto } from './create-key.dto';
import { KeyVerifier } from './key-verifier';

/** Making and revoking keys; the key in full exists only in the answer to its creation. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly store: ApiKeysStore,
    private readonly verifier: KeyVerifier,
  ) {}

  async create({ name, role }: CreateKeyDto, by: Actor): Promise<ApiKeyView & { key: string }> {
    assertStorable({ name }, 'Invalid key');
    const made = newApiKey();
    const view = await this.store.create({ id: made.id, secret: made.secret, name, role, createdBy: by.name });
    return { ...view, key: made.key };
  }

  list(): Promise<ApiKeyView[]> {
    return this.store.list();
  }

  async revoke(id: string): Promise<ApiKeyView> {
    const revoked = await this.store.revoke(id);
    this.verifier.forget(id);
    return revoked;
  }
}
