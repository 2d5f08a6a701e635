// Pure rules of the queue: how a number reads, which status changes are
// legal, and how an encounter's status (records is the source of truth for
// consultation) shows on the queue.

export const QUEUE_STATUSES = ['waiting', 'called', 'in-consultation', 'done', 'no-show', 'cancelled'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** Statuses of an entry that is still "open": the patient is here and not yet seen to the end. */
export const OPEN_STATUSES: readonly QueueStatus[] = ['waiting', 'called', 'in-consultation'];

/** "U-007": the poli's prefix and the day's sequence, three digits (wider past 999). */
export function formatQueueNumber(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(3, '0')}`;
}

export type QueueAction = 'call' | 'no-show' | 'cancel';

/** The front desk's and doctor's actions: each is allowed from `waiting` or `called` only. */
export function nextStatus(from: string, action: QueueAction): QueueStatus | null {
  if (from !== 'waiting' && from !== 'called') return null;
  if (action === 'call') return 'called';
  if (action === 'no-show') return 'no-show';
  return 'cancelled';
}

/**
 * The queue status an encounter implies, or null when the queue keeps its own
 * (an `arrived` encounter leaves waiting/called as they are). Only moves
 * forward: a finished visit never goes back to "in consultation".
 */
export function statusFromEncounter(current: string, encounterStatus: string): QueueStatus | null {
  if (encounterStatus === 'in-progress' && (current === 'waiting' || current === 'called')) return 'in-consultation';
  if (encounterStatus === 'finished' && (current === 'waiting' || current === 'called' || current === 'in-consultation')) return 'done';
  if (encounterStatus === 'cancelled' && (current === 'waiting' || current === 'called')) return 'cancelled';
  return null;
}

/** The key that keeps one open entry per patient, poli and day (NULL once the entry is closed). */
export function activeKey(patientId: number, poliId: number, day: string): string {
  return `${patientId}|${poliId}|${day}`;
}

/** NEWS2 risk bands that the board flags prominently (text and colour). */
export function isHighNews2(news2: { score: number; risk: string } | null): boolean {
  if (!news2) return false;
  return news2.risk === 'high' || news2.risk === 'medium' || news2.score >= 5;
}

/** The entries a board marks with a red row and "see first" (pages compute it once, templates only read it). */
export function alertIdsOf(entries: ReadonlyArray<{ id: number; news2: { score: number; risk: string } | null }>): number[] {
  return entries.filter((e) => isHighNews2(e.news2)).map((e) => e.id);
}
