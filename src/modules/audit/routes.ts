// The audit route table, one line per route.
import type { RouteDef } from '../../kernel/index.js';

export const routes: readonly RouteDef[] = [];
