import { Migration } from '@mikro-orm/migrations';

export class Migration20261125132524 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "children"."voice_entry" ("id" uuid not null, "child_id" uuid not null, "created_at" timestamptz not null default now(), "title" varchar(200) not null, "text" text null, "visible_to" text[] not null default '{}', "has_audio" boolean not null default false, "audio_mime_type" varchar(20) null, "audio_size_bytes" int null, "audio_sha256" varchar(64) null, constraint "voice_entry_pkey" primary key ("id"), constraint voice_entry_audio_check check ((has_audio and audio_mime_type in ('audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/webm', 'audio/mp4') and audio_size_bytes > 0 and audio_sha256 is not null) or (not has_audio and audio_mime_type is null and audio_size_bytes is null and audio_sha256 is null)), constraint voice_entry_visible_to_check check (visible_to <@ array['social_worker', 'team_manager', 'iro', 'virtual_school', 'designated_teacher', 'health_practitioner', 'foster_carer', 'personal_adviser', 'partner_agency', 'care_leaver', 'analyst', 'dpo']::text[]));`);
    this.addSql(`create index "voice_entry_child_id_created_at_index" on "children"."voice_entry" ("child_id", "created_at");`);

    this.addSql(`create table "children"."voice_audio" ("entry_id" uuid not null, "bytes" bytea not null, constraint "voice_audio_pkey" primary key ("entry_id"));`);

    this.addSql(`alter table "children"."voice_entry" add constraint "voice_entry_child_id_foreign" foreign key ("child_id") references "children"."child" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "children"."voice_audio" add constraint "voice_audio_entry_id_foreign" foreign key ("entry_id") references "children"."voice_entry" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "children"."voice_audio" drop constraint "voice_audio_entry_id_foreign";`);

    this.addSql(`drop table if exists "children"."voice_entry" cascade;`);

    this.addSql(`drop table if exists "children"."voice_audio" cascade;`);
  }

}
