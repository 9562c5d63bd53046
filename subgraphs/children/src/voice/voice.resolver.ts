import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import { LockMode } from '@mikro-orm/core';
import { ForbiddenError, parseId, requireText } from '@caregraph/kit';
import { Child } from '../child/child.entity.js';
import { requireChild } from '../child/child.service.js';
import type { Context } from '../context.js';
import { VoiceEntry } from './voice-entry.entity.js';
import { parseVisibleTo } from './voice.access.js';

/** Where an entry's recording is played back (through the gateway, with the caller's bearer token). */
export const audioPath = (entryId: string) => `/voice-entries/${entryId}/audio`;

@InputType()
export class AddVoiceEntryInput {
  @Field(() => ID)
  childId!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => [String], { description: 'Roles the child shares this entry with, e.g. ["personal_adviser"]; [] keeps it private.' })
  visibleTo!: string[];
}

@Resolver(() => Child)
export class ChildVoiceResolver {
  @FieldResolver(() => [VoiceEntry], {
    nullable: true,
    description: 'The child’s own entries, oldest first: only those this reader may see (the child and the DPO see all; others only those shared with their role).',
  })
  async voiceEntries(@Root() child: Child, @Ctx() ctx: Context): Promise<VoiceEntry[]> {
    const entries = await ctx.loaders.voiceEntriesByChild.load(child.id);
    return entries.filter((e) => ctx.access.mayHear({ childId: e.child.id, visibleTo: e.visibleTo }));
  }
}

@Resolver(() => VoiceEntry)
export class VoiceEntryResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Relative URL of the recording (GET, with the same bearer token), when there is one.' })
  audioUrl(@Root() entry: VoiceEntry): string | null {
    return entry.hasAudio ? audioPath(entry.id) : null;
  }

  @Mutation(() => VoiceEntry, {
    nullable: true, description: 'The child (as care leaver) adds an entry in their own words; a recording is uploaded with PUT /voice-entries/{id}/audio.',
  })
  async addVoiceEntry(@Arg('input', () => AddVoiceEntryInput) input: AddVoiceEntryInput, @Ctx() ctx: Context): Promise<VoiceEntry> {
    const childId = parseId(input.childId, 'childId');
    const title = requireText(input.title, 'title', 200);
    const text = input.text == null ? null : requireText(input.text, 'text', 20_000);
    const visibleTo = parseVisibleTo(input.visibleTo);
    return ctx.access.write(childId, async (tx) => {
      const child = await requireChild(tx, childId);
      return tx.create(VoiceEntry, { child, title, text, visibleTo });
    });
  }

  @Mutation(() => VoiceEntry, { nullable: true, description: 'The child changes which roles may see one of their entries.' })
  async shareVoiceEntry(
    @Arg('id', () => ID) id: string,
    @Arg('visibleTo', () => [String]) visibleTo: string[],
    @Ctx() ctx: Context,
  ): Promise<VoiceEntry> {
    const entryId = parseId(id);
    const chosen = parseVisibleTo(visibleTo);
    const found = await ctx.em.findOne(VoiceEntry, entryId, { fields: ['child'] });
    // The same answer whether the entry does not exist or is someone else's (scope: the care leaver's own record).
    if (!found) throw new ForbiddenError('Only the child can change who sees their entry');
    return ctx.access.write(found.child.id, async (tx) => {
      const entry = await tx.findOneOrFail(VoiceEntry, entryId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      entry.visibleTo = chosen;
      return entry;
    });
  }
}
