import { describe, expect, it } from 'vitest';
import { operationOf } from './open.js';

describe('operationOf', () => {
  it.each([
    ['select * from patients where id = ?', 'select'],
    ['SELECT "name" FROM "patients"', 'select'],
    ['  \n\tselect 1', 'select'],
    ['insert into "patients" ("name") values (?)', 'insert'],
    ['INSERT OR REPLACE INTO x VALUES (1)', 'insert'],
    ['update "patients" set "name" = ? where "id" = ?', 'update'],
    ['delete from "sessions" where "expires" < ?', 'delete'],
    ['with recent as (select 1) select * from recent', 'with'],
  ])('labels %j as %s', (sql, op) => {
    expect(operationOf(sql)).toBe(op);
  });

  it.each([
    'create table "patients" ("id" integer primary key)',
    'pragma journal_mode = WAL',
    'begin',
    'commit',
    'alter table x add column y text',
    'drop table x',
    '',
    '   ',
    '(select 1)',
    '-- comment\nselect 1',
    'selectivity',
    'updated',
    "Budi Santoso', 'NIK 3174...",
  ])('labels %j as other', (sql) => {
    expect(operationOf(sql)).toBe('other');
  });

  it('never returns SQL text, only a bounded set of labels', () => {
    const allowed = new Set(['select', 'insert', 'update', 'delete', 'with', 'other']);
    const samples = [
      "select * from patients where name = 'Siti Rahayu'",
      "insert into notes (text) values ('diagnosis: hypertension')",
      'Siti Rahayu 081234567890',
      'nik=3174012345670001',
      'x'.repeat(10_000),
    ];
    for (const sql of samples) {
      const op = operationOf(sql);
      expect(allowed.has(op)).toBe(true);
      expect(op.length).toBeLessThanOrEqual(6);
      if (op !== 'other') expect(sql.toLowerCase().trimStart().startsWith(op)).toBe(true);
    }
  });
});
