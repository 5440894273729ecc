import { isUUID } from 'class-validator';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ApiKeysService } from '../../auth/api-keys.service';
import type { ApiKey } from '../../auth/api-key.entity';
import { CreateApiKeyDto } from '../../auth/dto/api-key.dto';
import { ValidationFailed } from '../../errors';
import { printJson, printLine, printTable } from '../output';
import { validateInput } from '../validate-input';

const view = (k: ApiKey) => ({
  id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes.join(','), owner: [k.ownerType, k.ownerRef].filter(Boolean).join(':'),
  created: k.createdAt, expires: k.expiresAt, revoked: k.revokedAt, lastUsed: k.lastUsedAt,
});

interface CreateOptions { name?: string; scopes?: string[]; ownerType?: string; ownerRef?: string; expiresAt?: string; json?: boolean }

@Command({ name: 'api-key:create', description: 'Create an API key for a partner or device; prints the key once' })
export class ApiKeyCreateCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  async run(_args: string[], o: CreateOptions): Promise<void> {
    const dto = await validateInput(CreateApiKeyDto, { name: o.name, scopes: o.scopes, ownerType: o.ownerType, ownerRef: o.ownerRef, expiresAt: o.expiresAt });
    const { key, apiKey } = await this.keys.create({ ...dto, expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : undefined });
    if (o.json) {
      printJson({ ...view(apiKey), key });
    } else {
      printTable([view(apiKey)]);
      printLine(`key: ${key}`);
    }
    process.stderr.write('Store the key now: only its hash is kept, it cannot be shown again.\n');
  }

  @Option({ flags: '-n, --name <name>', description: 'Who the key is for, e.g. pos-store-12', required: true })
  parseName(v: string): string { return v; }
  @Option({ flags: '-s, --scopes <scopes>', description: 'Comma-separated scopes, e.g. loyalty:read,loyalty:write (admin = everything)', required: true })
  parseScopes(v: string): string[] { return v.split(',').map((s) => s.trim()).filter(Boolean); }
  @Option({ flags: '--owner-type <type>', description: 'partner (default), device or operator' })
  parseOwnerType(v: string): string { return v; }
  @Option({ flags: '--owner-ref <ref>', description: 'External id of the owner, e.g. a device serial' })
  parseOwnerRef(v: string): string { return v; }
  @Option({ flags: '--expires-at <iso>', description: 'Expiry, ISO 8601' })
  parseExpiresAt(v: string): string { return v; }
  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean { return true; }
}

@Command({ name: 'api-key:list', description: 'List API keys (secrets are never shown)' })
export class ApiKeyListCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    const rows = (await this.keys.list()).map(view);
    if (o.json) printJson(rows);
    else printTable(rows);
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean { return true; }
}

@Command({ name: 'api-key:revoke', arguments: '<id>', description: 'Revoke an API key (takes effect within 5 s on every instance)' })
export class ApiKeyRevokeCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    if (!isUUID(id)) throw new ValidationFailed('id must be a UUID (see api-key:list)', { id: ['must be a UUID'] });
    const key = await this.keys.revoke(id);
    printLine(`revoked ${key.id} (${key.name}) at ${key.revokedAt?.toISOString()}`);
  }
}
