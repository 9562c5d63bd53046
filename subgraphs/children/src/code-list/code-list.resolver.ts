import { Arg, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '@caregraph/kit';
import { CODE_LISTS } from '@caregraph/schema';

@ObjectType({ description: 'One code of a code list and what it means.' })
export class CodeLabel {
  @Field({ description: 'The code as the schema’s enum spells it (e.g. K2).' })
  code!: string;

  @Field({ description: 'What it means, in plain English.' })
  label!: string;
}

@ObjectType({ description: 'A DfE (or hub) code list: the enum a field returns, with every code’s label.' })
export class CodeList {
  @Field({ description: 'The enum’s name in the schema (e.g. PlacementType).' })
  name!: string;

  @Field(() => [CodeLabel])
  codes!: CodeLabel[];
}

/** At most this many names in one request (there are about 30 lists). */
const MAX_NAMES = 100;

@Resolver()
export class CodeListResolver {
  @Query(() => [CodeList], {
    nullable: true,
    description: 'The labels of every code the schema returns (all lists, or the ones named), so that no code needs introspection to be read. No personal data: any principal may read it.',
  })
  codeLists(@Arg('names', () => [String], { nullable: true, description: 'Enum names (e.g. ["PlacementType"]); all lists when absent.' }) names?: string[] | null): CodeList[] {
    if (names && (names.length > MAX_NAMES || names.some((n) => !Object.hasOwn(CODE_LISTS, n)))) throw new BadUserInputError('names must be code lists of the schema', 'names');
    return (names ?? Object.keys(CODE_LISTS)).map((name) => ({
      name,
      codes: Object.entries(CODE_LISTS[name]!).map(([code, label]) => ({ code, label })),
    }));
  }
}
