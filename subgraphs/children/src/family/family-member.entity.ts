import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
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

  /** Date of birth, address and notes reach readers through family-member.resolver.ts (withheld from the care leaver). */
  @Property({ type: 'date', nullable: true })
  dateOfBirth?: string | null;

  @Property({ nullable: true })
  address?: string | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;
}
