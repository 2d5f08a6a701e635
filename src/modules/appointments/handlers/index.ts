// The handler table: the names routes.ts refers to, mapped to their functions.
// A route naming a handler missing here fails at start, not on first request.
import type { Handler } from '../../../kernel/index.js';
import { cancelBookingApi, checkInBookingApi, createBooking, listBookingsApi } from './bookings-api.js';
import { bookingsPage, cancelBookingForm, checkInBookingForm, createBookingForm } from './bookings-pages.js';
import { displayBoard, displayPage } from './display.js';
import { myQueueBoard, myQueuePage } from './my-queue.js';
import { todayPanel } from './panel.js';
import { createPoli, createPoliForm, listPolisApi, patchPoli, polisPage, updatePoliForm } from './polis.js';
import { callEntryApi, cancelEntryApi, createWalkIn, listQueue, noShowEntryApi } from './queue-api.js';
import { callEntryForm, cancelEntryForm, createWalkInForm, newWalkInPage, noShowEntryForm, queueBoard, queuePage } from './queue-pages.js';
import { createSchedule, createScheduleForm, deleteScheduleApi, deleteScheduleForm, listSchedulesApi, schedulesPage } from './schedules.js';

export const handlers = {
  listPolisApi,
  createPoli,
  patchPoli,
  polisPage,
  createPoliForm,
  updatePoliForm,
  listSchedulesApi,
  createSchedule,
  deleteScheduleApi,
  schedulesPage,
  createScheduleForm,
  deleteScheduleForm,
  listBookingsApi,
  createBooking,
  checkInBookingApi,
  cancelBookingApi,
  bookingsPage,
  createBookingForm,
  checkInBookingForm,
  cancelBookingForm,
  listQueue,
  createWalkIn,
  callEntryApi,
  noShowEntryApi,
  cancelEntryApi,
  queuePage,
  queueBoard,
  newWalkInPage,
  createWalkInForm,
  callEntryForm,
  noShowEntryForm,
  cancelEntryForm,
  myQueuePage,
  myQueueBoard,
  displayPage,
  displayBoard,
  todayPanel,
} satisfies Record<string, Handler>;
