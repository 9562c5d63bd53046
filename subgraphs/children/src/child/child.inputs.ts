import { Field, InputType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Ethnicity, Sex, UpnUnknown } from '../codes.js';

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
}
