import { Migration } from '@mikro-orm/migrations';

export class Migration20261125122615 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "placements";`);
    this.addSql(`create table "placements"."carer" ("id" varchar(64) not null, "name" varchar(255) not null, "kind" text check ("kind" in ('FOSTER', 'RESIDENTIAL')) not null, "approved_on" date null, constraint "carer_pkey" primary key ("id"));`);

    this.addSql(`create table "placements"."placement" ("id" uuid not null, "child_id" uuid not null, "placement_type" text check ("placement_type" in ('A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'K3', 'P1', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z11', 'Z12', 'Z13', 'Z14')) not null, "provider" text check ("provider" in ('PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5')) not null, "carer_id" varchar(64) null, "urn" varchar(8) null, "address_line" varchar(200) null, "postcode" varchar(8) null, "start_date" date not null, "end_date" date null, "reason_for_change" text check ("reason_for_change" in ('CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER')) null, constraint "placement_pkey" primary key ("id"), constraint placement_dates_check check (end_date is null or end_date >= start_date));`);
    this.addSql(`create unique index "placement_open_per_child" on "placements"."placement" ("child_id") where "end_date" is null;`);
    this.addSql(`create index "placement_carer_id_end_date_index" on "placements"."placement" ("carer_id", "end_date");`);
    this.addSql(`create index "placement_child_id_start_date_index" on "placements"."placement" ("child_id", "start_date");`);

    this.addSql(`create table "placements"."episode" ("id" uuid not null, "child_id" uuid not null, "start_date" date not null, "reason_new_episode" text check ("reason_new_episode" in ('S', 'L', 'P', 'T', 'B', 'U')) not null, "legal_status" text check ("legal_status" in ('C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3')) not null, "category_of_need" text check ("category_of_need" in ('N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8')) not null, "placement_type" text check ("placement_type" in ('A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'K3', 'P1', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z11', 'Z12', 'Z13', 'Z14')) not null, "provider" text check ("provider" in ('PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5')) not null, "end_date" date null, "reason_ceased" text check ("reason_ceased" in ('X1', 'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E41', 'E45', 'E46', 'E47', 'E48', 'E5', 'E6', 'E7', 'E8', 'E9', 'E13', 'E14', 'E15', 'E16', 'E17')) null, "reason_placement_change" text check ("reason_placement_change" in ('CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER')) null, "home_postcode" varchar(8) null, "placement_postcode" varchar(8) null, "urn" varchar(8) null, "placement_id" uuid not null, constraint "episode_pkey" primary key ("id"), constraint episode_ceased_check check ((end_date is null) = (reason_ceased is null)), constraint episode_dates_check check (end_date is null or end_date >= start_date));`);
    this.addSql(`create index "episode_placement_id_index" on "placements"."episode" ("placement_id");`);
    this.addSql(`create unique index "episode_open_per_child" on "placements"."episode" ("child_id") where "end_date" is null;`);
    this.addSql(`create index "episode_child_id_start_date_index" on "placements"."episode" ("child_id", "start_date");`);

    this.addSql(`alter table "placements"."placement" add constraint "placement_carer_id_foreign" foreign key ("carer_id") references "placements"."carer" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "placements"."episode" add constraint "episode_placement_id_foreign" foreign key ("placement_id") references "placements"."placement" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "placements"."placement" drop constraint "placement_carer_id_foreign";`);

    this.addSql(`alter table "placements"."episode" drop constraint "episode_placement_id_foreign";`);

    this.addSql(`drop table if exists "placements"."carer" cascade;`);

    this.addSql(`drop table if exists "placements"."placement" cascade;`);

    this.addSql(`drop table if exists "placements"."episode" cascade;`);

    this.addSql(`drop schema if exists "placements";`);
  }

}
