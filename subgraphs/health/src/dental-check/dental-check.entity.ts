import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

@ObjectType({ description: 'A dental check (SSDA903 OC2 TEETH_CHECK counts one in the year).' })
@Entity({ tableName: 'dental_check' })
@Index({ properties: ['childId', 'checkedOn'] })
export class DentalCheck {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date' })
  checkedOn!: string;
}
