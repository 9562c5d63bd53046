import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';

/** A school; other subgraphs may reference it by URN. */
@Directive('@key(fields: "urn")')
@ObjectType({ description: 'A school in England, identified by its DfE unique reference number.' })
@Entity({ tableName: 'school' })
export class School {
  @Field(() => String, { nullable: true, description: 'DfE unique reference number (6 digits), as listed in Get Information about Schools.' })
  @PrimaryKey({ type: 'string', length: 6 })
  urn!: string;

  @Field(() => String, { nullable: true })
  @Property()
  name!: string;
}
