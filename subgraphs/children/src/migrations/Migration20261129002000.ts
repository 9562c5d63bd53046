import { Migration } from '@mikro-orm/migrations';

/**
 * Finding children: pg_trgm for the typo-tolerant name search (a trusted extension: the database owner may
 * create it), and indexes for the family-name and date-of-birth orders (keyset pages read from them).
 */
export class Migration20261129002000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm with schema public;`);
    this.addSql(`create index "child_family_name_order" on "children"."child" (lower("legal_family_name"), lower("legal_given_name"), "id");`);
    this.addSql(`create index "child_date_of_birth_order" on "children"."child" ("date_of_birth", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "children"."child_date_of_birth_order";`);
    this.addSql(`drop index if exists "children"."child_family_name_order";`);
  }
}
