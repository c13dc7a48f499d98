import { Command, Option } from 'commander';
import { contextOf } from '../cli-context';
import { paint } from '../render/style';
import { table } from '../render/table';

const ROLES = ['viewer', 'operator', 'admin'];

interface KeyView {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** `weft key create|list|revoke`: API keys, for admins. */
export function keyCommands(): Command {
  const key = new Command('key').description('make, list and revoke API keys (needs an admin key)');

  key
    .command('create')
    .description('make a key; it is printed once, here, and never shown again')
    .argument('<name>', 'a name unique among active keys; the audit trail records key:<name>')
    .addOption(
      new Option('--role <role>', 'viewer reads; operator also starts and operates runs; admin does all')
        .choices(ROLES)
        .makeOptionMandatory(),
    )
    .action(async (name: string, options: { role: string }, command: Command) => {
      const cli = contextOf(command);
      const made = await cli.api.post<KeyView & { key: string }>('/keys', { name, role: options.role });
      cli.print(
        made,
        () =>
          `key "${made.name}" (${made.role}, id ${made.id}) made. It is shown this once; keep it now:\n\n` +
          `  ${paint(made.key, 'bold', cli.color)}\n\nuse it as WEFT_API_KEY=<key> or "Authorization: Bearer <key>"`,
      );
    });

  key
    .command('list')
    .description('every key, revoked ones too (never their secrets)')
    .action(async (_options, command: Command) => {
      const cli = contextOf(command);
      const keys = await cli.api.get<KeyView[]>('/keys');
      cli.print(keys, () =>
        table(
          keys,
          [
            { header: 'ID', value: (k) => k.id },
            { header: 'NAME', value: (k) => k.name, max: 40 },
            { header: 'ROLE', value: (k) => k.role },
            { header: 'CREATED', value: (k) => k.createdAt },
            { header: 'BY', value: (k) => k.createdBy, max: 40 },
            { header: 'LAST USED', value: (k) => k.lastUsedAt ?? '' },
            { header: 'REVOKED', value: (k) => k.revokedAt ?? '', color: (k) => (k.revokedAt ? 'red' : undefined) },
          ],
          cli.color,
        ),
      );
    });

  key
    .command('revoke')
    .description('revoke a key: refused at once by the API that took the request, by its other replicas within 10 s')
    .argument('<id>', 'the key id (weft key list)')
    .action(async (id: string, _options, command: Command) => {
      const cli = contextOf(command);
      const revoked = await cli.api.delete<KeyView>(`/keys/${encodeURIComponent(id)}`);
      cli.print(revoked, () => `key "${revoked.name}" (${revoked.id}) revoked at ${revoked.revokedAt}`);
    });

  return key;
}

/** `weft whoami`: the identity the API sees for the key in use. */
export function whoamiCommand(): Command {
  return new Command('whoami')
    .description('who the API takes you for: the key in use, its name in the audit trail and its role')
    .action(async (_options, command: Command) => {
      const cli = contextOf(command);
      const me = await cli.api.get<{ id: string; name: string; role: string }>('/me');
      cli.print(me, () => `${me.name} (${me.role}, id ${me.id})`);
    });
}
