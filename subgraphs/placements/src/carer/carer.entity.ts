import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { CarerKind, type CarerKindCode } from '../codes.js';

/** A carer the local authority places children with; its id is the carer's sign-in `sub`, which scopes what they see. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A foster carer household or residential children’s home that children are placed with.' })
@Entity({ tableName: 'carer' })
export class Carer {
  @Field(() => ID, { description: 'Carer id, the same as the carer’s sign-in `sub` (e.g. carer-001).' })
  @PrimaryKey({ length: 64 })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Household or home name.' })
  @Property()
  name!: string;

  @Field(() => CarerKind, { nullable: true })
  @Enum({ items: Object.keys(CarerKind) })
  kind!: CarerKindCode;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the fostering household was approved or the home registered.' })
  @Property({ type: 'date', nullable: true })
  approvedOn?: string | null;
}
