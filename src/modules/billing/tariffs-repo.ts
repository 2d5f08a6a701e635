// Tariffs: the price list, one row per key ('drug:PCT500'). Upsert by key so
// an admin (or a script) can post the whole list again without duplicates.
import type { Selectable } from 'kysely';
import { isUniqueViolation } from '../../kernel/index.js';
import type { BillingDb, TariffsTable } from './db.js';
import { num } from './db.js';
import { parseTariffKey, type TariffPrice } from './lines.js';
import type { TariffPatch, TariffUpsert } from './schemas.js';

export interface TariffJson {
  id: number;
  key: string;
  kind: TariffsTable['kind'];
  code: string;
  name: string;
  price: number;
  active: boolean;
  updatedAt: string;
}

export function toTariffJson(r: Selectable<TariffsTable>): TariffJson {
  return { id: num(r.id), key: r.key, kind: r.kind, code: r.code, name: r.name, price: num(r.price), active: num(r.active) === 1, updatedAt: r.updated_at };
}

const KIND_ORDER = { consultation: 0, procedure: 1, drug: 2 } as const;

export async function listTariffs(db: BillingDb): Promise<TariffJson[]> {
  const rows = await db.selectFrom('tariffs').selectAll().orderBy('kind').orderBy('code').execute();
  return rows.map(toTariffJson).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.code.localeCompare(b.code));
}

export async function findTariff(db: BillingDb, id: number): Promise<TariffJson | undefined> {
  const row = await db.selectFrom('tariffs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTariffJson(row) : undefined;
}

/** Prices for the given keys (active or not: the line builder decides what inactive means). */
export async function tariffsByKeys(db: BillingDb, keys: string[]): Promise<Map<string, TariffPrice>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('tariffs').select(['key', 'name', 'price', 'active']).where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, { key: r.key, name: r.name, price: num(r.price), active: num(r.active) === 1 }]));
}

/**
 * Inserts or updates the tariff with this key; `created` tells which. A
 * concurrent insert of the same key loses the unique index race and is
 * retried once as an update.
 */
export async function upsertTariff(db: BillingDb, input: TariffUpsert, userId: number | null, now = new Date()): Promise<{ tariff: TariffJson; created: boolean }> {
  const parsed = parseTariffKey(input.key);
  if (!parsed) throw new RangeError('tariff key was not validated');
  const key = `${parsed.kind}:${parsed.code}`;
  const at = now.toISOString();
  const attempt = () =>
    db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('tariffs')
        .set({ name: input.name, price: input.price, ...(input.active !== undefined && { active: input.active ? 1 : 0 }), updated_by: userId, updated_at: at })
        .where('key', '=', key)
        .executeTakeFirst();
      const created = Number(updated.numUpdatedRows) === 0;
      if (created) {
        await trx
          .insertInto('tariffs')
          .values({ key, kind: parsed.kind, code: parsed.code, name: input.name, price: input.price, active: input.active === false ? 0 : 1, updated_by: userId, created_at: at, updated_at: at })
          .execute();
      }
      const row = await trx.selectFrom('tariffs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
      return { tariff: toTariffJson(row), created };
    });
  try {
    return await attempt();
  } catch (err) {
    if (isUniqueViolation(err, 'key')) return attempt();
    throw err;
  }
}

export async function patchTariff(db: BillingDb, id: number, patch: TariffPatch, userId: number | null, now = new Date()): Promise<TariffJson | undefined> {
  return db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('tariffs')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.price !== undefined && { price: patch.price }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        updated_by: userId,
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return undefined;
    return toTariffJson(await trx.selectFrom('tariffs').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function countTariffs(db: BillingDb): Promise<number> {
  const row = await db.selectFrom('tariffs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return num(row.n);
}

/** Remembers poli codes and names seen in appointments.listPolis (for pricing while appointments is down). */
export async function cachePolis(db: BillingDb, polis: Array<{ id: number; code: string; name: string }>, now = new Date()): Promise<void> {
  if (polis.length === 0) return;
  // Write only what changed: most page views find the cache current and take no write lock.
  const cached = await db.selectFrom('poli_cache').select(['poli_id', 'code', 'name']).where('poli_id', 'in', polis.map((p) => p.id)).execute();
  const known = new Map(cached.map((r) => [num(r.poli_id), `${r.code}\u0000${r.name}`]));
  const changed = polis.filter((p) => known.get(p.id) !== `${p.code}\u0000${p.name}`);
  if (changed.length === 0) return;
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const p of changed) {
      await trx
        .insertInto('poli_cache')
        .values({ poli_id: p.id, code: p.code, name: p.name, updated_at: at })
        .onConflict((oc) => oc.column('poli_id').doUpdateSet({ code: p.code, name: p.name, updated_at: at }))
        .execute();
    }
  });
}

export async function cachedPoli(db: BillingDb, poliId: number): Promise<{ code: string; name: string } | undefined> {
  return db.selectFrom('poli_cache').select(['code', 'name']).where('poli_id', '=', poliId).executeTakeFirst();
}
