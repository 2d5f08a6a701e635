// Vitest global setup: find or start the Postgres the postgres project runs on,
// and hand its URL to the test files (inject('pgUrl')).
import type { TestProject } from 'vitest/node';
import { FALLBACK_URL, canConnect, startThrowaway, type Throwaway } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

let throwaway: Throwaway | null = null;

export async function setup(project: TestProject): Promise<void> {
  const url = await findPostgres();
  project.provide('pgUrl', url);
}

async function findPostgres(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) {
    if (!(await canConnect(process.env.TEST_DATABASE_URL))) throw new Error('TEST_DATABASE_URL is set but Postgres does not answer there');
    return process.env.TEST_DATABASE_URL;
  }
  throwaway = await startThrowaway();
  if (throwaway) {
    return throwaway.url;
  }
  if (await canConnect(FALLBACK_URL)) {
    return FALLBACK_URL;
  }
  throw new Error('No Postgres for the test suites: set TEST_DATABASE_URL, put initdb/pg_ctl on PATH, or run a server on 127.0.0.1:5432');
}

export async function teardown(): Promise<void> {
  throwaway?.stop();
}
