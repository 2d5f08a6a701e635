// A staff member's language preference (null: follow the browser / clinic default).
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../../kernel/index.js';

export const userLocale: MigrationDef = {
  name: '0002-user-locale',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('locale', 'varchar(5)').execute();
  },
};
