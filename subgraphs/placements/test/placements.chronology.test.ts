import { placements } from '@caregraph/placements';
import { createOrm, type AccessControl } from '@caregraph/kit';
import { DEMO_LA, story } from '@caregraph/demo';
import { LEGAL_STATUS, PLACEMENT_TYPE, REASON_EPISODE_CEASED, REASON_PLACEMENT_CHANGE } from '@caregraph/schema';
import { principal } from '../../../test/helpers/identity.js';
import { byDateThenId, kindsOf, ownStatements, reps, startDomainEvents, type DomainEventsHarness } from '../../../test/helpers/domain-events.js';
import { createChronologyLoader } from '../src/child/child.chronology.js';

/**
 * `Child.placementEvents`: the placements subgraph's part of the chronology, with the policy enforced. Content
 * as the LA's DPO (every field group, every child of the LA); permissions as other principals.
 */
const STORIES = 60;
let h: DomainEventsHarness;
beforeAll(async () => {
  h = await startDomainEvents(placements, 'placementEvents', STORIES);
});
afterAll(() => h?.stop());

const stories = Array.from({ length: STORIES }, (_, i) => story(i));
const featured = stories.filter((s) => s.featured);

describe('content (as the DPO)', () => {
  it('tells a featured story: came into care, every move with its reason, left care, in date order', async () => {
    const s = stories[0]!;
    expect(s.featured).toBe(true);
    const [events] = await h.eventsOf(h.sg.query(h.EVENTS, reps(s.id)));
    const { rows: placementRows } = await h.db.query(
      `select p.id, placement_type, reason_for_change, to_char(start_date, 'YYYY-MM-DD') as start, to_char(end_date, 'YYYY-MM-DD') as "end", c.name as carer
         from placements.placement p left join placements.carer c on c.id = p.carer_id where child_id = $1 order by start_date, p.id`, [s.id]);
    const { rows: episodes } = await h.db.query(
      `select id, legal_status, reason_new_episode, reason_ceased, to_char(start_date, 'YYYY-MM-DD') as start, to_char(end_date, 'YYYY-MM-DD') as "end"
         from placements.episode where child_id = $1 order by start_date, id`, [s.id]);
    expect(placementRows.length).toBeGreaterThanOrEqual(8);

    const first = episodes[0]!;
    const last = episodes.at(-1)!;
    const expected = [
      { date: s.careStart, kind: 'ENTERED_CARE', itemType: 'Episode', itemId: first.id, title: 'Came into care', body: `Legal status: ${LEGAL_STATUS.C1}` },
      { date: s.careEnd!, kind: 'LEFT_CARE', itemType: 'Episode', itemId: last.id, title: 'Left care', body: REASON_EPISODE_CEASED[last.reason_ceased as keyof typeof REASON_EPISODE_CEASED] },
      ...placementRows.flatMap((p, i) => {
        const type = PLACEMENT_TYPE[p.placement_type as keyof typeof PLACEMENT_TYPE];
        const previous = placementRows[i - 1]?.reason_for_change as keyof typeof REASON_PLACEMENT_CHANGE | undefined;
        const reason = p.reason_for_change as keyof typeof REASON_PLACEMENT_CHANGE | null;
        // The home or household is named (the DPO reads carers' names), with the kind of placement beside it.
        return [
          { date: p.start, kind: 'PLACEMENT_STARTED', itemType: 'Placement', itemId: p.id, title: `Moved to ${p.carer}`, body: previous ? `${type}. Reason for the move: ${REASON_PLACEMENT_CHANGE[previous]}` : type },
          { date: p.end, kind: 'PLACEMENT_ENDED', itemType: 'Placement', itemId: p.id, title: `Left ${p.carer}`, body: reason ? `Reason for the change: ${REASON_PLACEMENT_CHANGE[reason]}` : null },
        ];
      }),
    ].map((e) => ({ ...e, id: `PLACEMENTS:${e.itemType}:${e.itemId}:${e.kind}`, domain: 'PLACEMENTS', redactions: [] }));
    expect(events).toEqual([...expected].sort(byDateThenId));

    // The story itself: starts on its placements' dates, one start per move, a reason for each move between carers.
    expect(events.filter((e) => e.kind === 'PLACEMENT_STARTED').map((e) => e.date)).toEqual(s.placements.map((p) => p.start));
    // Within a day: came into care opens the story, the last placement ends before leaving care.
    expect(events[0]).toMatchObject({ kind: 'ENTERED_CARE', date: s.careStart });
    expect(events.filter((e) => e.date === s.careEnd).map((e) => e.kind)).toEqual(['PLACEMENT_ENDED', 'LEFT_CARE']);
    expect(events.at(-1)!.date).toBe(s.careEnd);
    expect(events.filter((e) => e.kind === 'PLACEMENT_STARTED').slice(1).every((e) => e.body?.includes('. Reason for the move: '))).toBe(true);
    // Only the episode that started the period is "came into care"; X1 closes are not "left care".
    expect(episodes.filter((e) => e.reason_new_episode === 'S')).toHaveLength(1);
    expect(episodes.filter((e) => e.reason_ceased != null && e.reason_ceased !== 'X1')).toHaveLength(1);
  });

  it('gives a child still in care no end to their care or current placement', async () => {
    const s = stories.find((x) => x.careEnd == null)!;
    const [events] = await h.eventsOf(h.sg.query(h.EVENTS, reps(s.id)));
    expect(events.filter((e) => e.kind === 'LEFT_CARE')).toEqual([]);
    expect(events.filter((e) => e.kind === 'PLACEMENT_ENDED')).toHaveLength(s.placements.length - 1);
    expect(events.filter((e) => e.kind === 'PLACEMENT_STARTED')).toHaveLength(s.placements.length);
  });

  it('names the home or household, and never puts an address or a postcode into an event', async () => {
    const ids = featured.map((s) => s.id);
    const r = await h.sg.query(h.EVENTS, reps(...ids));
    expect(r.errors).toBeUndefined();
    const body = JSON.stringify(r.data);
    const { rows } = await h.db.query(
      `select address_line as v from placements.placement where child_id = any($1) and address_line is not null
       union select postcode from placements.placement where child_id = any($1) and postcode is not null
       union select home_postcode from placements.episode where child_id = any($1) and home_postcode is not null
       union select placement_postcode from placements.episode where child_id = any($1) and placement_postcode is not null`,
      [ids],
    );
    const secrets = rows.map((r) => r.v as string);
    // The homes and households are named (a reader of placements reads carers' names): where, and with whom.
    for (const name of featured.flatMap((s) => s.placements.map((p) => p.carer.name))) expect(body).toContain(name);
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(body).not.toContain(secret);
    // Not even the outward code of a postcode.
    for (const secret of rows.map((r) => r.v as string).filter((v) => /^[A-Z]{1,2}\d/.test(v))) {
      expect(body).not.toContain(secret.split(' ')[0]! + ' ');
    }
  });

  it('loads the events of 50 children with one SQL statement, each child getting their own', async () => {
    const batch = stories.slice(0, 50);
    h.sg.sql.length = 0;
    const all = await h.eventsOf(h.sg.query(h.EVENTS, reps(...batch.map((s) => s.id))));
    expect(ownStatements(h.sg)).toHaveLength(1);
    expect(ownStatements(h.sg)[0]).toContain('union all');
    batch.forEach((s, i) => {
      const events = all[i]!;
      expect(events.filter((e) => e.kind === 'PLACEMENT_STARTED').map((e) => e.date)).toEqual(s.placements.map((p) => p.start));
      expect(events.filter((e) => e.kind === 'ENTERED_CARE').map((e) => e.date)).toEqual([s.careStart]);
      expect(events.filter((e) => e.kind === 'LEFT_CARE').map((e) => e.date)).toEqual(s.careEnd ? [s.careEnd] : []);
      expect([...events].sort(byDateThenId)).toEqual(events);
    });
  });
});

describe('one page at a time (the bounds the children subgraph pushes down)', () => {
  const PAGE = `query($representations: [_Any!]!, $first: Int, $after: String, $from: LocalDate, $categories: [ChronologyKind!]) {
    _entities(representations: $representations) { ... on Child { placementEvents(first: $first, after: $after, from: $from, categories: $categories) { id date kind } } } }`;
  /** The cursor of an event, written from the order's definition: date, same-day rank, time (none here), domain 1, id. */
  const RANK: Record<string, string> = { ENTERED_CARE: '10', PLACEMENT_ENDED: '30', PLACEMENT_STARTED: '40', LEFT_CARE: '90' };
  const cursorOf = (e: { id: string; date: string; kind: string }) => Buffer.from(`${e.date}|${RANK[e.kind]}||1|${e.id}`).toString('base64url');
  const s = stories[0]!;

  it('answers `first` events after the cursor, within the dates and kinds asked, in the chronology’s order', async () => {
    const [whole] = await h.eventsOf(h.sg.query(h.EVENTS, reps(s.id)));
    const page = async (vars: Record<string, unknown>) => (await h.eventsOf(h.sg.query(PAGE, { ...reps(s.id), ...vars })))[0]!;
    const first = await page({ first: 3 });
    expect(first.map((e) => e.id)).toEqual(whole!.slice(0, 3).map((e) => e.id));
    const next = await page({ first: 3, after: cursorOf(first[2]!) });
    expect(next.map((e) => e.id)).toEqual(whole!.slice(3, 6).map((e) => e.id));
    const moves = await page({ first: 201, from: s.placements[2]!.start, categories: ['PLACEMENT_STARTED'] });
    expect(moves.map((e) => e.date)).toEqual(s.placements.slice(2).map((p) => p.start));
  });

  it.each([['first: 202', { first: 202 }], ['a cursor that is not one', { after: 'bm9wZQ' }], ['first: 0', { first: 0 }]])('refuses %s with BAD_USER_INPUT', async (_name, vars) => {
    const r = await h.sg.query(PAGE, { ...reps(s.id), ...vars });
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('permissions', () => {
  const s = stories[0]!;
  const inCare = stories.find((x) => x.careEnd == null)!;
  const ALL = ['ENTERED_CARE', 'LEFT_CARE', 'PLACEMENT_ENDED', 'PLACEMENT_STARTED'];



  it('shows an allocated social worker every kind, the same events as the DPO (both read placements in full)', async () => {
    await h.insertTuple('social_worker', 'sw-chronology', [s.id]);
    const events = await h.eventsAs(principal('social_worker', { sub: 'sw-chronology' }), s.id);
    expect(kindsOf(events)).toEqual(ALL);
    const [asDpo] = await h.eventsOf(h.sg.query(h.EVENTS, reps(s.id)));
    expect(events).toEqual(asDpo);
    expect(events.filter((e) => e.kind === 'PLACEMENT_STARTED').map((e) => e.date)).toEqual(s.placements.map((p) => p.start));
  });

  it('shows nothing of a child outside the reader’s scope: null + FORBIDDEN', async () => {
    const r = await h.sg.queryAs(principal('social_worker', { sub: 'sw-nobody' }), h.EVENTS, reps(s.id));
    expect(r.data?._entities).toEqual([null]);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('gives a health practitioner (current placement only) no placement or care events, and reads nothing for them', async () => {
    const events = await h.eventsAs(principal('health_practitioner'), inCare.id);
    expect(events).toEqual([]);
    expect(ownStatements(h.sg)).toEqual([]);
  });

  it('gives a foster carer and a designated teacher no placement events either', async () => {
    const carer = principal('foster_carer', { sub: inCare.placements.at(-1)!.carer.id });
    expect(await h.eventsAs(carer, inCare.id)).toEqual([]);
    await h.insertTuple('on_roll', '100042', [s.id]);
    expect(await h.eventsAs(principal('designated_teacher', { sub: 'dt-100042', schoolUrn: '100042' }), s.id)).toEqual([]);
    expect(ownStatements(h.sg)).toEqual([]);
  });

  it('lets the care leaver see their own history', async () => {
    const events = await h.eventsAs(principal('care_leaver', { sub: 'cl-0', childId: s.id }), s.id);
    expect(kindsOf(events)).toEqual(ALL);
    expect(events.find((e) => e.kind === 'ENTERED_CARE')?.body).toBe(`Legal status: ${LEGAL_STATUS.C1}`);
  });

  it('loads 50 children for the virtual school with one statement besides scope and audit', async () => {
    const batch = stories.slice(0, 50);
    h.sg.sql.length = 0;
    const all = await h.eventsOf(h.sg.queryAs(principal('virtual_school', { la: DEMO_LA }), h.EVENTS, reps(...batch.map((x) => x.id))));
    expect(all.every((events) => events.length > 0)).toBe(true);
    expect(ownStatements(h.sg)).toHaveLength(1);
  });
});

describe('kinds decided per field (the loader on its own)', () => {
  /** An access control that allows exactly these coordinates, and records each question. */
  const accessAllowing = (...allowed: string[]) => {
    const asked: string[] = [];
    const access = { field: (c: string) => (asked.push(c), allowed.includes(c)) } as unknown as AccessControl;
    return { access, asked };
  };

  it('runs any subset of kinds, asking about each kind once per request, on first use, however many batches', async () => {
    const orm = await createOrm(placements.ormSettings(h.sg.databaseUrl));
    try {
      const s = stories[0]!;
      const cases: [string[], string[]][] = [
        [['Child.placements'], ['PLACEMENT_ENDED', 'PLACEMENT_STARTED']],
        [['Child.episodes'], ['ENTERED_CARE', 'LEFT_CARE']],
        [['Child.episodes', 'Episode.legalStatus'], ['ENTERED_CARE', 'LEFT_CARE']],
        [[], []],
      ];
      for (const [allowed, kinds] of cases) {
        const { access, asked } = accessAllowing(...allowed);
        const loader = createChronologyLoader(orm.em.fork() as never, access)({ from: null, to: null, kinds: null, after: null, first: 1000 });
        expect(asked).toEqual([]); // nothing is asked (or audited) until events are loaded
        const events = await loader.load(s.id);
        await loader.load(stories[1]!.id); // a second batch
        expect([...new Set(events.map((e) => e.kind))].sort()).toEqual(kinds);
        expect(asked.filter((c) => c.startsWith('Child.'))).toEqual(['Child.episodes', 'Child.placements']); // once per field, not per kind
        // The legal status in "came into care" is governed by its own field.
        const entered = events.find((e) => e.kind === 'ENTERED_CARE');
        if (entered) expect(entered.body).toBe(allowed.includes('Episode.legalStatus') ? `Legal status: ${LEGAL_STATUS.C1}` : null);
      }
    } finally {
      await orm.close(true);
    }
  });
});
