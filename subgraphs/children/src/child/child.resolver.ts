import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { asReadRows, Connection, decodeCursor, ForbiddenError, pageSize, parseId, toConnection } from '@caregraph/kit';
import type { FilterQuery } from '@mikro-orm/core';
import { Child } from './child.entity.js';
import { ChildFilter, RecordChildInput } from './child.inputs.js';
import { recordChild } from './child.service.js';
import { LegalStatusPeriod } from '../legal-status/legal-status-period.entity.js';
import { Allocation } from '../allocation/allocation.entity.js';
import { FamilyMember } from '../family/family-member.entity.js';
import { CaseNote } from '../case-note/case-note.entity.js';
import { MissingEpisode } from '../missing/missing-episode.entity.js';
import { CareLeaverStatus } from '../care-leaver/care-leaver-status.entity.js';
import type { Context } from '../context.js';
import { SCHEMA } from '../orm.js';

const UUID_KEY = /^[0-9a-f-]{36}$/;
export const ChildConnection = Connection(Child, 'Child');

@Resolver(() => Child)
export class ChildResolver {
  @Query(() => Child, { nullable: true })
  async child(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Child | null> {
    const childId = parseId(id);
    await ctx.access.requireChild(childId);
    return ctx.loaders.childById.load(childId);
  }

  @Query(() => ChildConnection, { nullable: true, description: 'Children ordered by hub id; `first` is capped at 100.' })
  async children(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => ChildFilter, { nullable: true }) filter?: ChildFilter,
  ) {
    const limit = pageSize(first);
    const where: FilterQuery<Child> = {};
    if (after) where.id = { $gt: decodeCursor(after, (k) => UUID_KEY.test(k)) };
    if (filter?.bornOnOrAfter || filter?.bornOnOrBefore) {
      where.dateOfBirth = {
        ...(filter.bornOnOrAfter ? { $gte: filter.bornOnOrAfter } : {}),
        ...(filter.bornOnOrBefore ? { $lte: filter.bornOnOrBefore } : {}),
      };
    }
    const scope = ctx.access.childFilter('c.id');
    const qb = ctx.em.createQueryBuilder(Child, 'c').select('*').where(where).andWhere(scope.sql, scope.params);
    qb.orderBy({ id: 'asc' }).limit(limit + 1);
    if (filter?.careLeaver != null) {
      const negate = filter.careLeaver ? '' : 'not ';
      qb.andWhere(`${negate}exists (select 1 from "${SCHEMA}".care_leaver_status cl where cl.child_id = c.id)`);
    }
    // The page and its read entries in one statement (the kit's AccessControl writes the audit with it).
    const page = qb.getKnexQuery().toSQL(); // `?` placeholders and their values: one prepared statement for every page
    const raw = await ctx.access.readChildPage(page.sql, page.bindings, limit);
    const meta = ctx.em.getMetadata().get(Child.name);
    const rows = asReadRows(ctx.em, Child, raw.map((r) => ctx.em.getDriver().mapResult(r, meta) as Record<string, unknown>));
    const connection = toConnection(rows, limit, (c) => c.id);
    for (const { node } of connection.edges) ctx.loaders.childById.prime(node.id, node);
    return connection;
  }

  @Query(() => Child, { nullable: true, description: 'For a care leaver (or child): their own record.' })
  async me(@Ctx() ctx: Context): Promise<Child | null> {
    const { role, childId } = ctx.principal;
    if (role !== 'care_leaver' || !childId) throw new ForbiddenError('Only a care leaver has a record of their own here');
    await ctx.access.requireChild(childId);
    return ctx.loaders.childById.load(childId);
  }

  @Mutation(() => Child, { nullable: true, description: 'Records a new child. Either upn or upnUnknownReason is required.' })
  recordChild(@Arg('input', () => RecordChildInput) input: RecordChildInput, @Ctx() ctx: Context): Promise<Child> {
    return recordChild((change) => ctx.access.writeNew(change, (child) => child.id), input, ctx.principal.la);
  }

  @FieldResolver(() => [LegalStatusPeriod], { nullable: true, description: 'Legal status history, oldest first.' })
  legalStatuses(@Root() child: Child, @Ctx() ctx: Context) {
    return ctx.loaders.legalStatusesByChild.load(child.id);
  }

  @FieldResolver(() => LegalStatusPeriod, { nullable: true })
  async currentLegalStatus(@Root() child: Child, @Ctx() ctx: Context) {
    const periods = await ctx.loaders.legalStatusesByChild.load(child.id);
    return periods.find((p) => p.endDate == null) ?? null;
  }

  @FieldResolver(() => [Allocation], { nullable: true, description: 'Allocated professionals over time, oldest first.' })
  allocations(@Root() child: Child, @Ctx() ctx: Context) {
    return ctx.loaders.allocationsByChild.load(child.id);
  }

  @FieldResolver(() => [FamilyMember], { nullable: true })
  familyMembers(@Root() child: Child, @Ctx() ctx: Context) {
    return ctx.loaders.familyByChild.load(child.id);
  }

  @FieldResolver(() => [CaseNote], { nullable: true, description: 'Case notes, oldest first.' })
  async caseNotes(@Root() child: Child, @Ctx() ctx: Context) {
    const notes = await ctx.loaders.caseNotesByChild.load(child.id);
    return ctx.access.keepDated('Child.caseNotes', notes, (n) => ({ date: n.occurredOn, dateOfBirth: child.dateOfBirth }));
  }

  @FieldResolver(() => [MissingEpisode], { nullable: true })
  missingEpisodes(@Root() child: Child, @Ctx() ctx: Context) {
    return ctx.loaders.missingByChild.load(child.id);
  }

  @FieldResolver(() => CareLeaverStatus, { nullable: true })
  careLeaverStatus(@Root() child: Child, @Ctx() ctx: Context) {
    return ctx.loaders.careLeaverByChild.load(child.id);
  }
}

export async function resolveChildReference(ref: { id: string }, ctx: Context) {
  const childId = parseId(ref.id);
  await ctx.access.requireChild(childId);
  return ctx.loaders.childById.load(childId);
}
