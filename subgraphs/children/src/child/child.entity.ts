import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Ethnicity, Sex, UpnUnknown } from '../codes.js';

/** The child: owned by the children subgraph; every other subgraph extends it by `id`. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A child or young person the local authority looks after or has looked after.' })
@Entity({ tableName: 'child' })
export class Child {
  @Field(() => ID, { description: 'Hub id (UUID), stable for life.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => String, { nullable: true, description: 'Local authority child id (SSDA903 CHILD).' })
  @Property({ unique: true })
  laChildId!: string;

  @Field(() => String, { nullable: true })
  @Property()
  legalGivenName!: string;

  @Field(() => String, { nullable: true })
  @Property()
  legalFamilyName!: string;

  @Field(() => String, { nullable: true, description: 'The name the child asks to be called.' })
  @Property({ nullable: true })
  preferredName?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date' })
  dateOfBirth!: string;

  @Field(() => Sex, { nullable: true })
  @Enum({ items: Object.keys(Sex) })
  sex!: keyof typeof Sex;

  @Field(() => Ethnicity, { nullable: true })
  @Enum({ items: Object.keys(Ethnicity) })
  ethnicity!: keyof typeof Ethnicity;

  @Field(() => String, { nullable: true, description: 'Unique pupil number (13 characters).' })
  @Index()
  @Property({ nullable: true, length: 13 })
  upn?: string | null;

  @Field(() => UpnUnknown, { nullable: true })
  @Enum({ items: Object.keys(UpnUnknown), nullable: true })
  upnUnknownReason?: keyof typeof UpnUnknown | null;

  @Field(() => String, { nullable: true, description: 'NHS number (10 digits).' })
  @Index()
  @Property({ nullable: true, length: 10 })
  nhsNumber?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  dateOfDeath?: string | null;

  @Property({ defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
