import { Field, ID, InputType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import {
  CategoryOfNeed, LegalStatus, PlacementProvider, PlacementType, ReasonEpisodeCeased, ReasonPlacementChange,
  type CategoryOfNeedCode, type LegalStatusCode, type PlacementProviderCode, type PlacementTypeCode,
  type ReasonEpisodeCeasedCode, type ReasonPlacementChangeCode,
} from '../codes.js';

@InputType({ description: 'A child moving into a placement; the episode chain (SSDA903) follows from it.' })
export class StartPlacementInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => GraphQLLocalDate, { description: 'The day the child moves in; the previous placement and episode end that day.' })
  startDate!: string;

  @Field(() => PlacementType)
  placementType!: PlacementTypeCode;

  @Field(() => PlacementProvider)
  provider!: PlacementProviderCode;

  @Field(() => ID, { nullable: true, description: 'The carer (household or home), when there is one.' })
  carerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Ofsted URN; must not be given for P1, P3, R1, R2, R5, T0-T4, Z11-Z14 (DfE rule 222).' })
  urn?: string | null;

  @Field(() => String, { nullable: true })
  addressLine?: string | null;

  @Field(() => String, { nullable: true })
  postcode?: string | null;

  @Field(() => ReasonPlacementChange, {
    nullable: true,
    description: 'Why the previous placement ended: required when the child moves from one placement to another, and not allowed when either is temporary (T0-T4) or a new period of care starts.',
  })
  reasonForChange?: ReasonPlacementChangeCode | null;

  @Field(() => LegalStatus, { nullable: true, description: 'Required when a new period of care starts; otherwise the current one carries over unless given.' })
  legalStatus?: LegalStatusCode | null;

  @Field(() => CategoryOfNeed, { nullable: true, description: 'Required when a new period of care starts; otherwise carried over unless given.' })
  categoryOfNeed?: CategoryOfNeedCode | null;

  @Field(() => String, { nullable: true, description: 'Postcode of the home the child lived in before care; carried over unless given.' })
  homePostcode?: string | null;
}

@InputType({ description: 'A child leaving care: the current placement and the period of care end.' })
export class EndPlacementInput {
  @Field(() => ID)
  childId!: string;

  @Field(() => GraphQLLocalDate)
  endDate!: string;

  @Field(() => ReasonEpisodeCeased, { description: 'Why the child stopped being looked after: any REC code except X1.' })
  reasonCeased!: ReasonEpisodeCeasedCode;
}
