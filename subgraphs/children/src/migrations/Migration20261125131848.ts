import { Migration } from '@mikro-orm/migrations';

export class Migration20261125131848 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "children"."annotation" ("id" uuid not null, "child_id" uuid not null, "item_type" varchar(255) not null, "item_id" varchar(255) not null, "text" text not null, "is_correction" boolean not null default false, "created_at" timestamptz not null default now(), constraint "annotation_pkey" primary key ("id"));`);
    this.addSql(`create index "annotation_child_id_created_at_index" on "children"."annotation" ("child_id", "created_at");`);

    this.addSql(`alter table "children"."annotation" add constraint "annotation_child_id_foreign" foreign key ("child_id") references "children"."child" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "children"."case_note" add column "withheld" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "children"."annotation" cascade;`);

    this.addSql(`alter table "children"."case_note" drop column "withheld";`);
  }

}
