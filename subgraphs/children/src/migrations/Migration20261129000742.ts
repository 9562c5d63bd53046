import { Migration } from '@mikro-orm/migrations';

export class Migration20261129000742 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "children"."ssda903_child" ("child_id" uuid not null, "uasc" boolean null, "uasc_ceased_on" date null, "mother" boolean null, "mother_child_dob" date null, constraint "ssda903_child_pkey" primary key ("child_id"));`);

    this.addSql(`create table "children"."ssda903_conviction" ("id" uuid not null, "child_id" uuid not null, "year_end" date not null, "convicted" boolean not null, constraint "ssda903_conviction_pkey" primary key ("id"));`);
    this.addSql(`alter table "children"."ssda903_conviction" add constraint "ssda903_conviction_child_id_year_end_unique" unique ("child_id", "year_end");`);

    this.addSql(`create table "children"."ssda903_sw_reason" ("allocation_id" uuid not null, "child_id" uuid not null, "reason" varchar(6) not null, constraint "ssda903_sw_reason_pkey" primary key ("allocation_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "children"."ssda903_child" cascade;`);

    this.addSql(`drop table if exists "children"."ssda903_conviction" cascade;`);

    this.addSql(`drop table if exists "children"."ssda903_sw_reason" cascade;`);
  }

}
