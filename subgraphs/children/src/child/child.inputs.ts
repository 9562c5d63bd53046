import { Field, InputType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Ethnicity, LegalStatus, Sex, UpnUnknown } from '../codes.js';

@InputType({ description: 'A professional to allocate.' })
export class WorkerInput {
  @Field()
  workerId!: string;

  @Field()
  workerName!: string;

  @Field(() => String, { nullable: true })
  teamId?: string | null;
}

@InputType({ description: 'A child coming into the local authority’s care records.' })
export class RecordChildInput {
  @Field()
  laChildId!: string;

  @Field()
  legalGivenName!: string;

  @Field()
  legalFamilyName!: string;

  @Field(() => String, { nullable: true })
  preferredName?: string | null;

  @Field(() => GraphQLLocalDate)
  dateOfBirth!: string;

  @Field(() => Sex)
  sex!: keyof typeof Sex;

  @Field(() => Ethnicity)
  ethnicity!: keyof typeof Ethnicity;

  @Field(() => String, { nullable: true, description: 'Give either a UPN or a reason it is unknown.' })
  upn?: string | null;

  @Field(() => UpnUnknown, { nullable: true })
  upnUnknownReason?: keyof typeof UpnUnknown | null;

  @Field(() => String, { nullable: true })
  nhsNumber?: string | null;

  @Field(() => WorkerInput, { description: 'Every child on the records has an allocated social worker from the start.' })
  socialWorker!: WorkerInput;
}

@InputType()
export class ChildFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only care leavers (true) or only children without care-leaver status (false).' })
  careLeaver?: boolean | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  bornOnOrAfter?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  bornOnOrBefore?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only children looked after now (true) or only those who are not (false).' })
  inCare?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only children allocated now to someone in this team (team id).' })
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only children allocated now to this social worker (worker id).' })
  workerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only children on this school’s roll now (URN, 6 digits).' })
  schoolUrn?: string | null;

  @Field(() => LegalStatus, { nullable: true, description: 'Only children whose current legal status is this.' })
  legalStatus?: keyof typeof LegalStatus | null;

  @Field(() => String, { nullable: true, description: 'Name search, typo-tolerant (trigram similarity over given, family and preferred names); 2 to 100 characters.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact lookup by local authority child id (SSDA903 CHILD).' })
  laChildId?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact lookup by unique pupil number (13 characters).' })
  upn?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact lookup by NHS number (10 digits, check digit verified).' })
  nhsNumber?: string | null;
}

/** How `children` is ordered; every order is a keyset, so paging stays exact while records change. */
export enum ChildOrder {
  ID = 'ID',
  FAMILY_NAME = 'FAMILY_NAME',
  DATE_OF_BIRTH = 'DATE_OF_BIRTH',
}
registerEnumType(ChildOrder, {
  name: 'ChildOrder',
  description: 'ID: hub id (default). FAMILY_NAME: family name, then given name (case-insensitive). DATE_OF_BIRTH: oldest first.',
});
