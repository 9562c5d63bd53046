import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { asReadRows, Connection, ForbiddenError, pageSize, parseId, toConnection } from '@caregraph/kit';
import { Child } from './child.entity.js';
import { ChildFilter, ChildOrder, RecordChildInput } from './child.inputs.js';
import { filterFragments, orderOf, requireReadable } from './child.search.js';
import { recordChild } from './child.service.js';
import { LegalStatusPeriod } from '../legal-status/legal-status-period.entity.js';
import { Allocation } from '../allocation/allocation.entity.js';
import { FamilyMember } from '../family/family-member.entity.js';
import { CaseNote } from '../case-note/case-note.entity.js';
import { MissingEpisode } from '../missing/missing-episode.entity.js';
import { CareLeaverStatus } from '../care-leaver/care-leaver-status.entity.js';
import type { Context } from '../context.js';
import { SCHEMA } from '../orm.js';

export const ChildConnection = Connection(Child, 'Child');

/** `children`'s total, counted only when a client asks for it (the same scope and filters as the page). */
@Resolver(() => ChildConnection)
export class ChildConnectionResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'How many children match, over all pages (within scope).' })
  totalCount(@Root() page: { countTotal?: () => Promise<number> }): Promise<number> | null {
    return page.countTotal?.() ?? null;
  }
}

@Resolver(() => Child)
export class ChildResolver {
  @Query(() => Child, { nullable: true })
  async child(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Child | null> {
    const childId = parseId(id);
    await ctx.access.requireChild(childId);
    return ctx.loaders.childById.load(childId);
  }

  @Query(() => ChildConnection, {
    nullable: true,
    description: 'The children this principal may see, filtered, searched and ordered (by hub id unless `orderBy` says otherwise); `first` is capped at 100. Every child listed is audited as read.',
  })
  async children(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => ChildFilter, { nullable: true }) filter?: ChildFilter,
    @Arg('orderBy', () => ChildOrder, { nullable: true }) orderBy?: ChildOrder,
  ) {
    const limit = pageSize(first);
    requireReadable(filter, orderBy, (coordinate) => ctx.access.field(coordinate));
    const order = orderOf(orderBy, after);
    // The principal's scope always, then the client's filters (which can only narrow it).
    const where = [ctx.access.childFilter('c.id'), ...filterFragments(filter, ctx.principal.la)];
    const matching = where.map((w) => `(${w.sql})`).join(' and ');
    const params = where.flatMap((w) => w.params);
    const pageWhere = order.keyset ? `${matching} and ${order.keyset.sql}` : matching;
    // The page and its read entries in one statement (the kit's AccessControl writes the audit with it).
    const raw = await ctx.access.readChildPage(
      `select c.* from "${SCHEMA}"."child" c where ${pageWhere} order by ${order.by('c')} limit ?`,
      [...params, ...(order.keyset?.params ?? []), limit + 1],
      limit,
      order.by('p'),
    );
    const meta = ctx.em.getMetadata().get(Child.name);
    const rows = asReadRows(ctx.em, Child, raw.map((r) => ctx.em.getDriver().mapResult(r, meta) as Record<string, unknown>));
    const connection = toConnection(rows, limit, order.keyOf);
    for (const { node } of connection.edges) ctx.loaders.childById.prime(node.id, node);
    // Counted only when asked for: the same scope and filters, no child read.
    const countTotal = async () => {
      const [row] = await ctx.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from "${SCHEMA}"."child" c where ${matching}`, params);
      return row?.n ?? 0;
    };
    return { ...connection, countTotal };
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
