import { Migration } from '@mikro-orm/migrations';

export class Migration20261128235917 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "placements"."adoption_decision" ("child_id" uuid not null, "interest_on" date null, "matched_on" date null, "by_foster_carers" boolean null, "number_of_adopters" smallint null, "sex_of_adopters" varchar(2) null, "legal_status_of_adopters" varchar(3) null, constraint "adoption_decision_pkey" primary key ("child_id"));`);

    this.addSql(`create table "placements"."placed_for_adoption" ("id" uuid not null, "child_id" uuid not null, "placed_on" date not null, "ceased_on" date null, "reason_ceased" varchar(3) null, constraint "placed_for_adoption_pkey" primary key ("id"));`);
    this.addSql(`alter table "placements"."placed_for_adoption" add constraint "placed_for_adoption_child_id_placed_on_unique" unique ("child_id", "placed_on");`);

    this.addSql(`create table "placements"."previous_permanence" ("child_id" uuid not null, "code" varchar(2) not null, "local_authority" varchar(10) null, "date_text" varchar(10) null, constraint "previous_permanence_pkey" primary key ("child_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "placements"."adoption_decision" cascade;`);

    this.addSql(`drop table if exists "placements"."placed_for_adoption" cascade;`);

    this.addSql(`drop table if exists "placements"."previous_permanence" cascade;`);
  }

}
