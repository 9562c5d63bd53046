import { Migration } from '@mikro-orm/migrations';

export class Migration20261125122743 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "education";`);
    this.addSql(`create table "education"."attendance_term" ("id" uuid not null, "child_id" uuid not null, "academic_year" varchar(7) not null, "term" text check ("term" in ('AUTUMN', 'SPRING', 'SUMMER')) not null, "sessions_possible" smallint not null, "sessions_authorised_absence" smallint not null, "sessions_unauthorised_absence" smallint not null, constraint "attendance_term_pkey" primary key ("id"), constraint attendance_term_check check (sessions_authorised_absence + sessions_unauthorised_absence <= sessions_possible));`);
    this.addSql(`alter table "education"."attendance_term" add constraint "attendance_term_child_id_academic_year_term_unique" unique ("child_id", "academic_year", "term");`);

    this.addSql(`create table "education"."ehcp" ("id" uuid not null, "child_id" uuid not null, "requested_on" date not null, "assessed_on" date null, "issued_on" date null, "last_reviewed_on" date null, constraint "ehcp_pkey" primary key ("id"));`);
    this.addSql(`alter table "education"."ehcp" add constraint "ehcp_child_id_unique" unique ("child_id");`);

    this.addSql(`create table "education"."personal_education_plan" ("id" uuid not null, "child_id" uuid not null, "held_on" date not null, "targets" text not null, "pupil_premium_plus_spend" int null, "pupil_premium_plus_use" text null, "childs_views" text null, "attendees" text[] not null, constraint "personal_education_plan_pkey" primary key ("id"));`);
    this.addSql(`create index "personal_education_plan_child_id_held_on_index" on "education"."personal_education_plan" ("child_id", "held_on");`);

    this.addSql(`create table "education"."school" ("urn" varchar(6) not null, "name" varchar(255) not null, constraint "school_pkey" primary key ("urn"));`);

    this.addSql(`create table "education"."exclusion" ("id" uuid not null, "child_id" uuid not null, "urn" varchar(6) not null, "category" text check ("category" in ('PERM', 'SUSP', 'LNCH')) not null, "reason" text check ("reason" in ('PP', 'PA', 'VP', 'VA', 'BU', 'RA', 'SM', 'DA', 'DM', 'TH', 'DB', 'OT')) not null, "start_date" date not null, "sessions" smallint null, constraint "exclusion_pkey" primary key ("id"));`);
    this.addSql(`create index "exclusion_child_id_start_date_index" on "education"."exclusion" ("child_id", "start_date");`);

    this.addSql(`create table "education"."school_enrolment" ("id" uuid not null, "child_id" uuid not null, "urn" varchar(6) not null, "start_date" date not null, "end_date" date null, "nc_year" smallint null, "enrol_status" text check ("enrol_status" in ('C', 'M', 'S', 'G')) not null, constraint "school_enrolment_pkey" primary key ("id"));`);
    this.addSql(`create index "school_enrolment_child_id_start_date_index" on "education"."school_enrolment" ("child_id", "start_date");`);

    this.addSql(`create table "education"."sen_provision" ("id" uuid not null, "child_id" uuid not null, "provision" text check ("provision" in ('N', 'K', 'E')) not null, "primary_need" text check ("primary_need" in ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH', 'NSA')) null, "secondary_need" text check ("secondary_need" in ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH', 'NSA')) null, "start_date" date not null, "end_date" date null, constraint "sen_provision_pkey" primary key ("id"));`);
    this.addSql(`create index "sen_provision_child_id_start_date_index" on "education"."sen_provision" ("child_id", "start_date");`);

    this.addSql(`alter table "education"."exclusion" add constraint "exclusion_urn_foreign" foreign key ("urn") references "education"."school" ("urn") on update cascade on delete restrict;`);

    this.addSql(`alter table "education"."school_enrolment" add constraint "school_enrolment_urn_foreign" foreign key ("urn") references "education"."school" ("urn") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "education"."exclusion" drop constraint "exclusion_urn_foreign";`);

    this.addSql(`alter table "education"."school_enrolment" drop constraint "school_enrolment_urn_foreign";`);

    this.addSql(`drop table if exists "education"."attendance_term" cascade;`);

    this.addSql(`drop table if exists "education"."ehcp" cascade;`);

    this.addSql(`drop table if exists "education"."personal_education_plan" cascade;`);

    this.addSql(`drop table if exists "education"."school" cascade;`);

    this.addSql(`drop table if exists "education"."exclusion" cascade;`);

    this.addSql(`drop table if exists "education"."school_enrolment" cascade;`);

    this.addSql(`drop table if exists "education"."sen_provision" cascade;`);

    this.addSql(`drop schema if exists "education";`);
  }

}
