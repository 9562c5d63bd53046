import { Migration } from '@mikro-orm/migrations';

export class Migration20261125124959 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "health";`);
    this.addSql(`create table "health"."allergy" ("id" uuid not null, "child_id" uuid not null, "substance" varchar(255) not null, "severity" text check ("severity" in ('MILD', 'MODERATE', 'SEVERE')) not null, constraint "allergy_pkey" primary key ("id"));`);
    this.addSql(`create index "allergy_child_id_index" on "health"."allergy" ("child_id");`);

    this.addSql(`create table "health"."dental_check" ("id" uuid not null, "child_id" uuid not null, "checked_on" date not null, constraint "dental_check_pkey" primary key ("id"));`);
    this.addSql(`create index "dental_check_child_id_checked_on_index" on "health"."dental_check" ("child_id", "checked_on");`);

    this.addSql(`create table "health"."gp_registration" ("id" uuid not null, "child_id" uuid not null, "practice_name" varchar(255) not null, "ods_code" varchar(6) not null, "registered_from" date not null, "registered_to" date null, constraint "gp_registration_pkey" primary key ("id"));`);
    this.addSql(`create index "gp_registration_child_id_registered_to_index" on "health"."gp_registration" ("child_id", "registered_to");`);
    this.addSql(`create unique index "gp_registration_one_current" on "health"."gp_registration" ("child_id") where "registered_to" is null;`);

    this.addSql(`create table "health"."health_assessment" ("id" uuid not null, "child_id" uuid not null, "kind" text check ("kind" in ('INITIAL', 'REVIEW')) not null, "due_on" date not null, "completed_on" date null, "completed_by_role" text check ("completed_by_role" in ('DOCTOR', 'NURSE', 'HEALTH_VISITOR', 'MIDWIFE')) null, "outcome" text null, constraint "health_assessment_pkey" primary key ("id"), constraint health_assessment_completion check ((completed_on is null) = (completed_by_role is null) and (outcome is null or completed_on is not null)));`);
    this.addSql(`create index "health_assessment_child_id_due_on_index" on "health"."health_assessment" ("child_id", "due_on");`);

    this.addSql(`create table "health"."health_condition" ("id" uuid not null, "child_id" uuid not null, "description" varchar(255) not null, "category" text check ("category" in ('RESPIRATORY', 'SKIN', 'NEUROLOGICAL', 'NEURODEVELOPMENTAL', 'MENTAL_HEALTH', 'LEARNING_DISABILITY', 'SENSORY', 'DEVELOPMENTAL', 'OTHER_PHYSICAL')) not null, "diagnosed_on" date null, "ongoing" boolean not null, constraint "health_condition_pkey" primary key ("id"));`);
    this.addSql(`create index "health_condition_child_id_index" on "health"."health_condition" ("child_id");`);

    this.addSql(`create table "health"."immunisation" ("id" uuid not null, "child_id" uuid not null, "vaccine" text check ("vaccine" in ('DTAP_IPV_HIB_HEPB', 'ROTAVIRUS', 'MENB', 'PCV', 'HIB_MENC', 'MMR', 'MMRV', 'DTAP_IPV', 'HPV', 'TD_IPV', 'MENACWY', 'FLU', 'BCG')) not null, "date_given" date not null, constraint "immunisation_pkey" primary key ("id"));`);
    this.addSql(`create index "immunisation_child_id_date_given_index" on "health"."immunisation" ("child_id", "date_given");`);

    this.addSql(`create table "health"."immunisation_status" ("child_id" uuid not null, "up_to_date" boolean not null, "as_at" date not null, constraint "immunisation_status_pkey" primary key ("child_id"));`);

    this.addSql(`create table "health"."medication" ("id" uuid not null, "child_id" uuid not null, "name" varchar(255) not null, "dose" varchar(255) not null, "start_date" date not null, "end_date" date null, constraint "medication_pkey" primary key ("id"));`);
    this.addSql(`create index "medication_child_id_start_date_index" on "health"."medication" ("child_id", "start_date");`);

    this.addSql(`create table "health"."sdq_score" ("id" uuid not null, "child_id" uuid not null, "assessed_on" date not null, "score" smallint null, "reason" text check ("reason" in ('SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5')) null, constraint "sdq_score_pkey" primary key ("id"), constraint sdq_score_score_or_reason check (((score IS NULL) <> (reason IS NULL)) AND ((score IS NULL) OR ((score >= 0) AND (score <= 40)))));`);
    this.addSql(`create index "sdq_score_child_id_assessed_on_index" on "health"."sdq_score" ("child_id", "assessed_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "health"."allergy" cascade;`);

    this.addSql(`drop table if exists "health"."dental_check" cascade;`);

    this.addSql(`drop table if exists "health"."gp_registration" cascade;`);

    this.addSql(`drop table if exists "health"."health_assessment" cascade;`);

    this.addSql(`drop table if exists "health"."health_condition" cascade;`);

    this.addSql(`drop table if exists "health"."immunisation" cascade;`);

    this.addSql(`drop table if exists "health"."immunisation_status" cascade;`);

    this.addSql(`drop table if exists "health"."medication" cascade;`);

    this.addSql(`drop table if exists "health"."sdq_score" cascade;`);

    this.addSql(`drop schema if exists "health";`);
  }

}
