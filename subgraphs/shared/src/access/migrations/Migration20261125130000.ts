import { Migration } from '@mikro-orm/migrations';

/** The shared access store: relationship tuples, data-sharing agreements and the append-only audit trail. */
export class Migration20261125130000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "access";`);
    this.addSql(`create table "access"."relationship" (
      "id" bigserial primary key,
      "subject" text not null,
      "relation" text not null check ("relation" in ('social_worker', 'team', 'iro', 'personal_adviser', 'la_child', 'carer', 'looked_after', 'previously_looked_after', 'on_roll', 'agreement_cohort')),
      "child_id" uuid not null,
      "valid_from" timestamptz not null,
      "valid_to" timestamptz null,
      "written_by" text not null,
      check ("valid_to" is null or "valid_to" >= "valid_from"));`);
    this.addSql(`create index "relationship_child_lookup" on "access"."relationship" ("child_id", "relation", "subject");`);
    this.addSql(`create index "relationship_subject_lookup" on "access"."relationship" ("relation", "subject", "child_id");`);
    this.addSql(`create table "access"."agreement" (
      "id" text primary key,
      "agency" text not null,
      "purpose" text not null,
      "lawful_basis" text not null,
      "field_groups" text[] not null,
      "valid_from" timestamptz not null,
      "valid_to" timestamptz not null,
      "created_by" text not null,
      "created_at" timestamptz not null default now(),
      check ("valid_to" > "valid_from"));`);
    this.addSql(`create schema if not exists "audit";`);
    this.addSql(`create table "audit"."access_event" (
      "id" bigserial primary key,
      "at" timestamptz not null default now(),
      "request_id" text not null,
      "subgraph" text not null,
      "sub" text not null,
      "role" text not null,
      "la" text not null,
      "agency" text null,
      "purpose" text null,
      "child_id" uuid not null,
      "field_groups" text[] not null,
      "denied" text[] not null);`);
    this.addSql(`create index "access_event_child" on "audit"."access_event" ("child_id", "at");`);
    this.addSql(`create index "access_event_sub" on "audit"."access_event" ("sub", "at");`);
    this.addSql(`create function "audit"."refuse_change"() returns trigger language plpgsql as $$
      begin raise exception 'the audit trail is append-only'; end $$;`);
    this.addSql(`create trigger "access_event_append_only" before update or delete or truncate on "audit"."access_event"
      for each statement execute function "audit"."refuse_change"();`);
  }
}
