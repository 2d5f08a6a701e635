// zod schemas for the API bodies and queries (validation at the edge and the
// OpenAPI document). Messages are catalog keys. Ids accept a JSON number or a
// digit string (HTML forms send strings); anything else is a field error.
import { z } from 'zod';
import { DAY_RE, TIME_RE, isRealDay, minutesOf } from './slots.js';
import { QUEUE_STATUSES } from './queue-rules.js';

const MAX_ID = 2_147_483_647;

function idField(key: string) {
  return z
    .union([z.number(), z.string().trim().regex(/^\d{1,10}$/, key)], { error: key })
    .pipe(z.coerce.number<string | number>({ error: key }).int(key).positive(key).max(MAX_ID, key));
}

function text(requiredKey: string, max: number) {
  return z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? requiredKey : 'appointments.error.notText') })
    .trim()
    .min(1, requiredKey)
    .max(max, 'validation.tooLong')
    // Control characters (NUL above all, which Postgres refuses in text) are never part of a name or room.
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'appointments.error.controlChars');
}

const time = (key: string) => z.string({ error: key }).trim().regex(TIME_RE, key);
const day = z
  .string({ error: 'appointments.error.date.invalid' })
  .trim()
  .regex(DAY_RE, 'appointments.error.date.invalid')
  .refine(isRealDay, 'appointments.error.date.invalid');

export const poliCreateSchema = z
  .object({
    code: z
      .string({ error: (iss) => (iss.input === undefined || iss.input === null ? 'appointments.error.code.required' : 'appointments.error.notText') })
      .trim()
      .overwrite((v) => v.toUpperCase())
      .regex(/^[A-Z0-9]{1,20}$/, 'appointments.error.code.format'),
    name: text('appointments.error.name.required', 100),
    room: text('appointments.error.room.required', 50),
    queuePrefix: z
      .string({ error: (iss) => (iss.input === undefined || iss.input === null ? 'appointments.error.queuePrefix.required' : 'appointments.error.notText') })
      .trim()
      .overwrite((v) => v.toUpperCase())
      .regex(/^[A-Z]$/, 'appointments.error.queuePrefix.format'),
    active: z.boolean({ error: 'appointments.error.active.invalid' }).optional(),
  })
  .strict();

export const poliPatchSchema = z
  .object({
    name: text('appointments.error.name.required', 100).optional(),
    room: text('appointments.error.room.required', 50).optional(),
    active: z.boolean({ error: 'appointments.error.active.invalid' }).optional(),
  })
  .strict();

export const poliJsonSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  room: z.string(),
  queuePrefix: z.string(),
  active: z.boolean(),
});
export type PoliJson = z.infer<typeof poliJsonSchema>;

export const scheduleCreateSchema = z
  .object({
    doctorId: idField('appointments.error.doctorId.invalid'),
    poliId: idField('appointments.error.poliId.invalid'),
    weekday: z
      .union([z.number(), z.string().trim().regex(/^[1-7]$/, 'appointments.error.weekday.invalid')], { error: 'appointments.error.weekday.invalid' })
      .pipe(z.coerce.number<string | number>().int('appointments.error.weekday.invalid').min(1, 'appointments.error.weekday.invalid').max(7, 'appointments.error.weekday.invalid')),
    start: time('appointments.error.time.invalid'),
    end: time('appointments.error.time.invalid'),
    slotMinutes: z
      .union([z.number(), z.string().trim().regex(/^\d{1,3}$/, 'appointments.error.slotMinutes.range')], { error: 'appointments.error.slotMinutes.range' })
      .pipe(z.coerce.number<string | number>().int('appointments.error.slotMinutes.range').min(5, 'appointments.error.slotMinutes.range').max(120, 'appointments.error.slotMinutes.range')),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (minutesOf(v.end) <= minutesOf(v.start)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'appointments.error.end.afterStart' });
    else if (minutesOf(v.end) - minutesOf(v.start) < v.slotMinutes) ctx.addIssue({ code: 'custom', path: ['slotMinutes'], message: 'appointments.error.slotMinutes.longerThanWindow' });
  });

export const scheduleJsonSchema = z.object({
  id: z.number().int(),
  doctorId: z.number().int(),
  poliId: z.number().int(),
  weekday: z.number().int(),
  start: z.string(),
  end: z.string(),
  slotMinutes: z.number().int(),
});
export type ScheduleJson = z.infer<typeof scheduleJsonSchema>;

export const bookingCreateSchema = z
  .object({
    patientId: idField('appointments.error.patientId.invalid'),
    poliId: idField('appointments.error.poliId.invalid'),
    doctorId: idField('appointments.error.doctorId.invalid'),
    date: day,
    time: time('appointments.error.time.invalid'),
  })
  .strict();

export const BOOKING_STATUSES = ['booked', 'checked-in', 'cancelled'] as const;

export const bookingJsonSchema = z.object({
  id: z.number().int(),
  patientId: z.number().int(),
  mrn: z.string(),
  poliId: z.number().int(),
  doctorId: z.number().int(),
  date: z.string(),
  time: z.string(),
  status: z.enum(BOOKING_STATUSES),
  queueEntryId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type BookingJson = z.infer<typeof bookingJsonSchema>;

export const bookingQuerySchema = z.object({
  date: day.optional(),
  poliId: idField('appointments.error.poliId.invalid').optional(),
  doctorId: idField('appointments.error.doctorId.invalid').optional(),
});

export const walkInSchema = z
  .object({
    patientId: idField('appointments.error.patientId.invalid'),
    poliId: idField('appointments.error.poliId.invalid'),
    doctorId: idField('appointments.error.doctorId.invalid').nullable().optional(),
  })
  .strict();

export const queueQuerySchema = z.object({
  date: day.optional(),
  poliId: idField('appointments.error.poliId.invalid').optional(),
});

const news2Schema = z.object({ score: z.number(), risk: z.string() }).nullable();

export const queueEntryJsonSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  patientId: z.number().int(),
  mrn: z.string(),
  patientName: z.string().nullable(),
  poliId: z.number().int(),
  doctorId: z.number().int().nullable(),
  bookingId: z.number().int().nullable(),
  status: z.enum(QUEUE_STATUSES),
  encounterId: z.number().int().nullable(),
  news2: news2Schema,
  arrivedAt: z.string(),
  calledAt: z.string().nullable(),
});
export type QueueEntryJson = z.infer<typeof queueEntryJsonSchema>;

export const queueListSchema = z.object({
  date: z.string(),
  entries: z.array(queueEntryJsonSchema),
  /** False when patients did not answer: names are null, MRNs still shown. */
  patientsAvailable: z.boolean(),
  /** False when records did not answer: statuses are the last stored ones. */
  recordsAvailable: z.boolean(),
});

export const emptyBodySchema = z.object({}).strict();

/** Route params arrive as strings; anything but a positive integer is simply "not found". */
export function parseId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= MAX_ID ? id : null;
}
