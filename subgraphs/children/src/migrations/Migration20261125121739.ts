import { Migration } from '@mikro-orm/migrations';

export class Migration20261125121739 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "children";`);
    this.addSql(`create table "children"."child" ("id" uuid not null, "la_child_id" varchar(255) not null, "legal_given_name" varchar(255) not null, "legal_family_name" varchar(255) not null, "preferred_name" varchar(255) null, "date_of_birth" date not null, "sex" text check ("sex" in ('M', 'F', 'U')) not null, "ethnicity" text check ("ethnicity" in ('WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT')) not null, "upn" varchar(13) null, "upn_unknown_reason" text check ("upn_unknown_reason" in ('UN1', 'UN2', 'UN3', 'UN4', 'UN5')) null, "nhs_number" varchar(10) null, "date_of_death" date null, "created_at" timestamptz not null default now(), constraint "child_pkey" primary key ("id"));`);
    this.addSql(`alter table "children"."child" add constraint "child_la_child_id_unique" unique ("la_child_id");`);
    this.addSql(`create index "child_upn_index" on "children"."child" ("upn");`);
    this.addSql(`create index "child_nhs_number_index" on "children"."child" ("nhs_number");`);

    this.addSql(`create table "children"."case_note" ("id" uuid not null, "child_id" uuid not null, "occurred_on" date not null, "category" text check ("category" in ('VISIT', 'REVIEW', 'CONTACT', 'ASSESSMENT', 'MEETING', 'CONVERSATION', 'OTHER')) not null, "author_id" varchar(255) not null, "author_name" varchar(255) not null, "title" varchar(255) not null, "body" text not null, "recorded_at" timestamptz not null default now(), constraint "case_note_pkey" primary key ("id"));`);
    this.addSql(`create index "case_note_child_id_occurred_on_index" on "children"."case_note" ("child_id", "occurred_on");`);

    this.addSql(`create table "children"."care_leaver_status" ("child_id" uuid not null, "in_touch" text check ("in_touch" in ('YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM')) not null, "activity" varchar(2) null, "accommodation" varchar(2) null, "latest_contact_on" date null, "pathway_plan_review_on" date null, "record_closed_on" date null, constraint "care_leaver_status_pkey" primary key ("child_id"));`);

    this.addSql(`create table "children"."allocation" ("id" uuid not null, "child_id" uuid not null, "role" text check ("role" in ('SOCIAL_WORKER', 'IRO', 'PERSONAL_ADVISER')) not null, "worker_id" varchar(255) not null, "worker_name" varchar(255) not null, "team_id" varchar(255) null, "start_date" date not null, "end_date" date null, constraint "allocation_pkey" primary key ("id"));`);
    this.addSql(`create index "allocation_worker_id_end_date_index" on "children"."allocation" ("worker_id", "end_date");`);
    this.addSql(`create index "allocation_child_id_role_start_date_index" on "children"."allocation" ("child_id", "role", "start_date");`);

    this.addSql(`create table "children"."family_member" ("id" uuid not null, "child_id" uuid not null, "relationship" text check ("relationship" in ('MOTHER', 'FATHER', 'SIBLING', 'HALF_SIBLING', 'GRANDPARENT', 'AUNT_UNCLE', 'STEP_PARENT', 'FAMILY_FRIEND', 'OTHER')) not null, "name" varchar(255) not null, "date_of_birth" date null, "address" varchar(255) null, "notes" text null, constraint "family_member_pkey" primary key ("id"));`);
    this.addSql(`create index "family_member_child_id_index" on "children"."family_member" ("child_id");`);

    this.addSql(`create table "children"."legal_status_period" ("id" uuid not null, "child_id" uuid not null, "legal_status" text check ("legal_status" in ('C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3')) not null, "start_date" date not null, "end_date" date null, constraint "legal_status_period_pkey" primary key ("id"));`);
    this.addSql(`create index "legal_status_period_child_id_start_date_index" on "children"."legal_status_period" ("child_id", "start_date");`);

    this.addSql(`create table "children"."missing_episode" ("id" uuid not null, "child_id" uuid not null, "kind" text check ("kind" in ('M', 'A')) not null, "start_date" date not null, "end_date" date null, "return_interview_offered" boolean null, "return_interview_accepted" boolean null, constraint "missing_episode_pkey" primary key ("id"));`);
    this.addSql(`create index "missing_episode_child_id_index" on "children"."missing_episode" ("child_id");`);

    this.addSql(`alter table "children"."case_note" add constraint "case_note_child_id_foreign" foreign key ("child_id") references "children"."child" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "children"."care_leaver_status" add constraint "care_leaver_status_child_id_foreign" foreign key ("child_id") references "children"."child" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "children"."allocation" add constraint "allocation_child_id_foreign" foreign key ("child_id") references "children"."child" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "children"."family_member" add constraint "family_member_child_id_foreign" foreign key ("child_id") references "children"."child" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "children"."legal_status_period" add constraint "legal_status_period_child_id_foreign" foreign key ("child_id") references "children"."child" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "children"."missing_episode" add constraint "missing_episode_child_id_foreign" foreign key ("child_id") references "children"."child" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "children"."case_note" drop constraint "case_note_child_id_foreign";`);

    this.addSql(`alter table "children"."care_leaver_status" drop constraint "care_leaver_status_child_id_foreign";`);

    this.addSql(`alter table "children"."allocation" drop constraint "allocation_child_id_foreign";`);

    this.addSql(`alter table "children"."family_member" drop constraint "family_member_child_id_foreign";`);

    this.addSql(`alter table "children"."legal_status_period" drop constraint "legal_status_period_child_id_foreign";`);

    this.addSql(`alter table "children"."missing_episode" drop constraint "missing_episode_child_id_foreign";`);

    this.addSql(`drop table if exists "children"."child" cascade;`);

    this.addSql(`drop table if exists "children"."case_note" cascade;`);

    this.addSql(`drop table if exists "children"."care_leaver_status" cascade;`);

    this.addSql(`drop table if exists "children"."allocation" cascade;`);

    this.addSql(`drop table if exists "children"."family_member" cascade;`);

    this.addSql(`drop table if exists "children"."legal_status_period" cascade;`);

    this.addSql(`drop table if exists "children"."missing_episode" cascade;`);

    this.addSql(`drop schema if exists "children";`);
  }

}
