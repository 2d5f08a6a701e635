// Demo polis and doctor schedules for a first look at Bilik. The day's demo
// visits are made elsewhere through the API; no queue entries are seeded here.
import type { HandlerContext } from '../../kernel/index.js';
import { listDoctors } from './calls.js';
import { insertPoli } from './repo-polis.js';
import { insertSchedule } from './repo-schedules.js';
import { appointmentsDb } from './repo.js';
import { poliCreateSchema } from './schemas.js';

const DEMO_POLIS = [
  { code: 'UMUM', name: 'Poli Umum', queuePrefix: 'U', room: 'Ruang 1' },
  { code: 'GIGI', name: 'Poli Gigi', queuePrefix: 'G', room: 'Ruang 2' },
  { code: 'KIA', name: 'Poli KIA / Ibu & Anak', queuePrefix: 'K', room: 'Ruang 3' },
];

/**
 * Mon–Sat 08:00–14:00 in 15-minute slots. A dentist ("drg.") sits at Poli
 * Gigi; the other doctors take Poli Umum and Poli KIA in turn (one room per
 * doctor, so no schedule overlaps). Without staff, polis only.
 */
export async function seedDemo(ctx: HandlerContext): Promise<{ polis: number; schedules: number }> {
  const db = appointmentsDb(ctx);
  const ids: Record<string, number> = {};
  for (const p of DEMO_POLIS) ids[p.code] = Number((await insertPoli(db, poliCreateSchema.parse(p))).id);
  const { doctors } = await listDoctors(ctx);
  let schedules = 0;
  let turn = 0;
  for (const d of doctors) {
    const code = /^drg\b/i.test(d.fullName) ? 'GIGI' : turn++ % 2 === 0 ? 'UMUM' : 'KIA';
    for (let weekday = 1; weekday <= 6; weekday++) {
      await insertSchedule(db, { doctorId: d.id, poliId: ids[code]!, weekday, start: '08:00', end: '14:00', slotMinutes: 15 });
      schedules++;
    }
  }
  return { polis: DEMO_POLIS.length, schedules };
}
