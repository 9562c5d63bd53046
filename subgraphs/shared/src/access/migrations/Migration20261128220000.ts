import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail as policy.md's "Audit, precisely" says: what kind of access each entry records (read, refused,
 * write, playback), the client's correlation id beside the hub's request id (bounded), and refused attempts
 * that name no child (a denied root field).
 */
export class Migration20261128220000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit"."access_event" add column "kind" text not null default 'read' check ("kind" in ('read', 'refused', 'write', 'playback'));`);
    this.addSql(`alter table "audit"."access_event" add column "correlation_id" text null check (length("correlation_id") <= 200);`);
    this.addSql(`alter table "audit"."access_event" alter column "child_id" drop not null;`);
    this.addSql(`alter table "audit"."access_event" add column "team" text null;`);
    // Only entries that carry a team (a team manager's or a worker's with a team claim): every index is written on
    // every read of every request, so the trail keeps as few as its queries need.
    this.addSql(`create index "access_event_team" on "audit"."access_event" ("team", "id") where "team" is not null;`);
    this.addSql(`alter table "audit"."access_event" add constraint "access_event_request_id_length" check (length("request_id") <= 64) not valid;`);
  }
}
