// Patient search: every query shape answered by one index range or point
// lookup with a LIMIT, so the worst case stays bounded at 100k+ patients (a
// worker cannot be interrupted mid-statement). Ordering follows the index that
// drives each query, so SQLite never builds a temporary sort.
import { prefixUpperBound } from './identity.js';
import type { PatientRow, PatientsDb } from './repo.js';
import type { SearchQuery } from './search-query.js';

/**
 * A multi-word name search scans at most this many index entries of its
 * driving word, so even "a b" over 100k patients is a bounded statement (a
 * worker cannot be interrupted mid-statement). Beyond it, refine the search.
 */
export const NAME_SCAN_CAP = 10_000;

export interface SearchPage {
  rows: PatientRow[];
  hasMore: boolean;
  /** True when a multi-word search hit NAME_SCAN_CAP: matches may exist beyond what was searched. */
  incomplete: boolean;
}

/**
 * One page of search results, newest-first for an empty query. Every branch is
 * an index range or point lookup with a LIMIT; it fetches one row more than a
 * page to learn whether another page exists without counting.
 */
export async function searchPatients(db: PatientsDb, query: SearchQuery, page: number, pageSize: number): Promise<SearchPage> {
  const offset = (page - 1) * pageSize;
  const take = pageSize + 1;
  let rows: PatientRow[];
  let incomplete = false;
  switch (query.kind) {
    case 'none':
      rows = [];
      break;
    case 'recent':
      rows = await db.selectFrom('patients').selectAll().orderBy('id', 'desc').limit(take).offset(offset).execute();
      break;
    case 'nik':
      rows = offset > 0 ? [] : await db.selectFrom('patients').selectAll().where('nik', '=', query.nik).limit(1).execute();
      break;
    case 'mrn':
      rows = offset > 0 ? [] : await db.selectFrom('patients').selectAll().where('mrn', '=', query.mrn).limit(1).execute();
      break;
    case 'nikPrefix':
      rows = await db
        .selectFrom('patients')
        .selectAll()
        .where('nik', '>=', query.prefix)
        .where('nik', '<', prefixUpperBound(query.prefix))
        .orderBy('nik')
        .limit(take)
        .offset(offset)
        .execute();
      break;
    case 'name': {
      const plan = query.others.length ? await pickDrivingWord([query.drive, ...query.others], db) : { drive: query.drive, others: [], capped: false };
      rows = await nameSearchQuery(db, plan.drive, plan.others, take, offset).execute();
      incomplete = plan.capped;
      break;
    }
  }
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize, incomplete };
}

/** How many index entries start with `word`, counting no further than `cap + 1` (a bounded covering-index scan). */
async function rangeSize(db: PatientsDb, word: string, cap: number): Promise<number> {
  const inner = db
    .selectFrom('patient_name_tokens')
    .select('patient_id')
    .where('token', '>=', word)
    .where('token', '<', prefixUpperBound(word))
    .limit(cap + 1);
  const row = await db
    .selectFrom(inner.as('r'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * For a multi-word query, the word with the fewest index entries drives the
 * scan ("s aminah": aminah, not s). Word length is only a guess; a few bounded
 * counts are cheap next to scanning the wrong range up to the cap.
 */
async function pickDrivingWord(words: string[], db: PatientsDb): Promise<{ drive: string; others: string[]; capped: boolean }> {
  let best = { word: words[0]!, size: Infinity };
  for (const word of words) {
    const size = await rangeSize(db, word, NAME_SCAN_CAP);
    if (size < best.size) best = { word, size };
  }
  return { drive: best.word, others: words.filter((w) => w !== best.word), capped: best.size > NAME_SCAN_CAP };
}

/** The name search as a query builder (exported so a test can EXPLAIN the exact SQL). */
export function nameSearchQuery(db: PatientsDb, drive: string, others: string[], take: number, offset: number) {
  const lo = drive;
  const hi = prefixUpperBound(drive);
  // Multi-word queries filter the driving range, so they may scan far past one
  // page; cap that scan. Single-word queries stop at offset + page by themselves.
  const source =
    others.length === 0
      ? db.selectFrom('patient_name_tokens').select(['token', 'patient_id']).where('token', '>=', lo).where('token', '<', hi)
      : db
          .selectFrom('patient_name_tokens')
          .select(['token', 'patient_id'])
          .where('token', '>=', lo)
          .where('token', '<', hi)
          .orderBy('token')
          .orderBy('patient_id')
          .limit(NAME_SCAN_CAP);
  let qb = db
    .selectFrom(source.as('t'))
    .innerJoin('patients as p', 'p.id', 't.patient_id')
    .selectAll('p')
    // A name with two words matching the prefix ("Siti Sri", "s") would appear
    // twice; keep only its smallest matching token. A primary-key probe per row.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('patient_name_tokens as d')
            .select('d.patient_id')
            .whereRef('d.patient_id', '=', 't.patient_id')
            .where('d.token', '>=', lo)
            .whereRef('d.token', '<', 't.token'),
        ),
      ),
    );
  for (const word of others) {
    qb = qb.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('patient_name_tokens as o')
          .select('o.patient_id')
          .whereRef('o.patient_id', '=', 't.patient_id')
          .where('o.token', '>=', word)
          .where('o.token', '<', prefixUpperBound(word)),
      ),
    );
  }
  return qb.orderBy('t.token').orderBy('t.patient_id').limit(take).offset(offset);
}
