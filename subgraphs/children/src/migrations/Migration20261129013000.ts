import { Migration } from '@mikro-orm/migrations';

/**
 * Finding children: fuzzystrmatch for the name search's phonetic match (Double Metaphone: Smith and Smyth, Jon and
 * John), a trusted extension the database owner may create.
 */
export class Migration20261129013000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists fuzzystrmatch with schema public;`);
  }

  override async down(): Promise<void> {}
}
