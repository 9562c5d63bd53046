import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Relationship } from '../codes.js';
import { Child } from '../child/child.entity.js';

@ObjectType({ description: 'A family member or other significant person in the child’s life.' })
@Entity({ tableName: 'family_member' })
export class FamilyMember {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Child, { deleteRule: 'restrict', index: true })
  child!: Rel<Child>;

  @Field(() => Relationship)
  @Enum({ items: Object.keys(Relationship) })
  relationship!: keyof typeof Relationship;

  @Field(() => String, { nullable: true })
  @Property()
  name!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'Parental responsibility, contact arrangements, etc.' })
  @Property({ type: 'text', nullable: true })
  notes?: string | null;
}
