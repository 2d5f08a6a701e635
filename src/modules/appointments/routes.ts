// The appointments route table, one line per route. Pages, htmx fragments and
// the JSON API share handler code. Static paths (/queue/new, /_board, /_panel)
// come before /:id paths so they never read as an id. Titles are catalog keys.
import { z } from 'zod';
import { route } from '../../kernel/index.js';
import type { RouteDef } from '../../kernel/index.js';
import {
  bookingCreateSchema,
  bookingJsonSchema,
  bookingQuerySchema,
  emptyBodySchema,
  poliCreateSchema,
  poliJsonSchema,
  poliPatchSchema,
  queueEntryJsonSchema,
  queueListSchema,
  queueQuerySchema,
  scheduleCreateSchema,
  scheduleJsonSchema,
  walkInSchema,
} from './schemas.js';

const READ = 'queue:read';
const WRITE = 'queue:write';
const CALL = 'queue:call';
const ADMIN = 'appointments:admin';

export const routes: readonly RouteDef[] = [
  // Polis.
  route('GET', '/api/v1/appointments/polis', READ, 'listPolisApi', 'api', { summary: 'All polis (active and inactive), by code', response: z.array(poliJsonSchema) }),
  route('POST', '/api/v1/appointments/polis', ADMIN, 'createPoli', 'api', { summary: 'Add a poli with its unique code and queue prefix', body: poliCreateSchema, response: poliJsonSchema, statuses: [201, 409, 422] }),
  route('PATCH', '/api/v1/appointments/polis/:id', ADMIN, 'patchPoli', 'api', { summary: 'Rename a poli, move it to another room, or (de)activate it', body: poliPatchSchema, response: poliJsonSchema, statuses: [404, 422] }),
  route('GET', '/appointments/polis', ADMIN, 'polisPage', 'page', { view: 'appointments/polis', title: 'appointments.title.polis' }),
  route('POST', '/appointments/polis', ADMIN, 'createPoliForm', 'page', { view: 'appointments/polis', title: 'appointments.title.polis' }),
  route('POST', '/appointments/polis/:id', ADMIN, 'updatePoliForm', 'page', { view: 'appointments/polis', title: 'appointments.title.polis' }),

  // Doctor schedules.
  route('GET', '/api/v1/appointments/schedules', ADMIN, 'listSchedulesApi', 'api', { summary: 'Doctor schedules, by weekday and start', response: z.array(scheduleJsonSchema) }),
  route('POST', '/api/v1/appointments/schedules', ADMIN, 'createSchedule', 'api', { summary: 'Add a weekly window; overlapping hours of one doctor on one weekday are refused', body: scheduleCreateSchema, response: scheduleJsonSchema, statuses: [201, 409, 422] }),
  route('DELETE', '/api/v1/appointments/schedules/:id', ADMIN, 'deleteScheduleApi', 'api', { summary: 'Remove a schedule window (existing bookings stay)', response: z.object({ deleted: z.boolean() }), statuses: [404] }),
  route('GET', '/appointments/schedules', ADMIN, 'schedulesPage', 'page', { view: 'appointments/schedules', title: 'appointments.title.schedules' }),
  route('POST', '/appointments/schedules', ADMIN, 'createScheduleForm', 'page', { view: 'appointments/schedules', title: 'appointments.title.schedules' }),
  route('POST', '/appointments/schedules/:id/delete', ADMIN, 'deleteScheduleForm', 'page', { view: 'appointments/schedules', title: 'appointments.title.schedules' }),

  // Bookings.
  route('GET', '/api/v1/appointments/bookings', READ, 'listBookingsApi', 'api', { summary: 'Bookings of a day (default today), optionally of one poli or doctor', query: bookingQuerySchema, response: z.array(bookingJsonSchema), statuses: [422] }),
  route('POST', '/api/v1/appointments/bookings', WRITE, 'createBooking', 'api', { summary: "Book a patient into a free slot of a doctor's schedule", body: bookingCreateSchema, response: bookingJsonSchema, statuses: [201, 409, 422, 503] }),
  route('POST', '/api/v1/appointments/bookings/:id/check-in', WRITE, 'checkInBookingApi', 'api', { summary: "Check a booked patient in on the booking's day: a queue entry like a walk-in", body: emptyBodySchema, response: queueEntryJsonSchema, statuses: [201, 404, 409, 422, 503] }),
  route('POST', '/api/v1/appointments/bookings/:id/cancel', WRITE, 'cancelBookingApi', 'api', { summary: 'Cancel a booking that is not checked in', body: emptyBodySchema, response: bookingJsonSchema, statuses: [404, 409] }),
  route('GET', '/appointments/bookings', READ, 'bookingsPage', 'page', { view: 'appointments/bookings', title: 'appointments.title.bookings' }),
  route('POST', '/appointments/bookings', WRITE, 'createBookingForm', 'page', { view: 'appointments/bookings', title: 'appointments.title.bookings' }),
  route('POST', '/appointments/bookings/:id/check-in', WRITE, 'checkInBookingForm', 'page', { view: 'appointments/bookings', title: 'appointments.title.bookings' }),
  route('POST', '/appointments/bookings/:id/cancel', WRITE, 'cancelBookingForm', 'page', { view: 'appointments/bookings', title: 'appointments.title.bookings' }),

  // Queue: API.
  route('GET', '/api/v1/appointments/queue', READ, 'listQueue', 'api', { summary: "A day's queue (default today); statuses follow the encounters, names come from patients", query: queueQuerySchema, response: queueListSchema, statuses: [422] }),
  route('POST', '/api/v1/appointments/queue', WRITE, 'createWalkIn', 'api', { summary: "Add a walk-in to today's queue at a poli; opens the encounter in records", body: walkInSchema, response: queueEntryJsonSchema, statuses: [201, 409, 422, 503] }),
  route('POST', '/api/v1/appointments/queue/:id/call', CALL, 'callEntryApi', 'api', { summary: 'Call a waiting patient (again)', body: emptyBodySchema, response: queueEntryJsonSchema, statuses: [404, 409] }),
  route('POST', '/api/v1/appointments/queue/:id/no-show', WRITE, 'noShowEntryApi', 'api', { summary: 'Mark a waiting or called patient as not present; cancels the encounter', body: emptyBodySchema, response: queueEntryJsonSchema, statuses: [404, 409, 503] }),
  route('POST', '/api/v1/appointments/queue/:id/cancel', WRITE, 'cancelEntryApi', 'api', { summary: 'Cancel a waiting or called entry; cancels the encounter', body: emptyBodySchema, response: queueEntryJsonSchema, statuses: [404, 409, 503] }),

  // Queue: pages, the live board fragment and its buttons.
  route('GET', '/appointments/queue', READ, 'queuePage', 'page', { view: 'appointments/queue', title: 'appointments.title.queue' }),
  route('GET', '/appointments/queue/_board', READ, 'queueBoard', 'fragment', { view: 'appointments/queue-board' }),
  route('GET', '/appointments/queue/new', WRITE, 'newWalkInPage', 'page', { view: 'appointments/walkin-page', title: 'appointments.title.walkIn' }),
  route('POST', '/appointments/queue', WRITE, 'createWalkInForm', 'page', { view: 'appointments/walkin-form', title: 'appointments.title.walkIn' }),
  route('POST', '/appointments/queue/:id/call', CALL, 'callEntryForm', 'page', { view: 'appointments/queue-board', title: 'appointments.title.queue' }),
  route('POST', '/appointments/queue/:id/no-show', WRITE, 'noShowEntryForm', 'page', { view: 'appointments/queue-board', title: 'appointments.title.queue' }),
  route('POST', '/appointments/queue/:id/cancel', WRITE, 'cancelEntryForm', 'page', { view: 'appointments/queue-board', title: 'appointments.title.queue' }),

  // The doctor's queue.
  route('GET', '/appointments/my-queue', READ, 'myQueuePage', 'page', { view: 'appointments/my-queue', title: 'appointments.title.myQueue' }),
  route('GET', '/appointments/my-queue/_board', READ, 'myQueueBoard', 'fragment', { view: 'appointments/my-queue-board' }),

  // The waiting-room display: public, numbers and rooms only.
  route('GET', '/appointments/display', 'public', 'displayPage', 'page', { view: 'appointments/display', title: 'appointments.title.display' }),
  route('GET', '/appointments/display/_board', 'public', 'displayBoard', 'fragment', { view: 'appointments/display-board' }),

  // Dashboard panel.
  route('GET', '/appointments/_panel/today', READ, 'todayPanel', 'fragment', { view: 'appointments/panel-today' }),
];
