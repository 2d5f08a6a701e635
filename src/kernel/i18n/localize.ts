// Turns keys into text in the caller's language: errors (message and field
// messages) and whole translators with formatters for templates.
import type { ErrorData } from '../errors.js';
import { translateMaybe, translator, type Locale, type Messages, type Translate } from './catalog.js';

export interface LocalizedError {
  code: string;
  status: number;
  message: string;
  fields?: Record<string, string>;
}

/** A key translates; other text falls back to the code's own message (`error.<CODE>`). */
export function localizeError(error: ErrorData, messages: Messages): LocalizedError {
  const t: Translate = translator(messages);
  const message = error.message in messages ? t(error.message, error.params) : `error.${error.code}` in messages ? t(`error.${error.code}`) : error.message;
  const out: LocalizedError = { code: error.code, status: error.status, message };
  if (error.fields) {
    out.fields = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, translateMaybe(messages, v, error.params)]));
  }
  return out;
}

export type { Locale };
