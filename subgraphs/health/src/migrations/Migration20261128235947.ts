import { Migration } from '@mikro-orm/migrations';

export class Migration20261128235947 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "health"."oc2_outcome" ("id" uuid not null, "child_id" uuid not null, "year_end" date not null, "health_check" boolean null, "teeth_check" boolean null, "health_assessment" boolean null, "substance_misuse" boolean null, "intervention_received" boolean null, "intervention_offered" boolean null, constraint "oc2_outcome_pkey" primary key ("id"));`);
    this.addSql(`alter table "health"."oc2_outcome" add constraint "oc2_outcome_child_id_year_end_unique" unique ("child_id", "year_end");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "health"."oc2_outcome" cascade;`);
  }

}
