import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotent writes: a client's `Idempotency-Key`, per principal, recorded in the same transaction as the write
 * it names, with the write's outcome, so a retry returns the first outcome instead of writing twice.
 */
export class Migration20261128230000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "access"."idempotency" (
      "sub" text not null,
      "key" text not null check (length("key") between 1 and 200),
      "seq" int not null,
      "request_hash" text not null,
      "result" jsonb not null,
      "created_at" timestamptz not null default now(),
      primary key ("sub", "key", "seq"));`);
  }
}
