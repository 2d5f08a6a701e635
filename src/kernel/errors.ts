// Errors are values with a stable code. Modules declare theirs in their own
// errors.ts with defineError(); the kernel declares the cross-cutting ones here.
// One handler (http/error-handler.ts) maps them to JSON or an htmx fragment.

export interface ErrorSpec {
  code: string;
  status: number;
  message: string;
}

/** Plain, serialisable shape that crosses thread and process boundaries. */
export interface ErrorData {
  code: string;
  status: number;
  message: string;
  fields?: Record<string, string>;
  retryAfterSec?: number;
  /** Values for the {placeholders} of the message key. */
  params?: Record<string, string | number>;
}

export class BilikError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields?: Record<string, string>;
  readonly retryAfterSec?: number;
  readonly params?: Record<string, string | number>;

  /**
   * `message` and field messages are catalog keys (translated when the error is
   * rendered, in the caller's language); the default is `error.<CODE>`.
   */
  constructor(
    spec: ErrorSpec,
    opts: { message?: string; fields?: Record<string, string>; retryAfterSec?: number; params?: Record<string, string | number> } = {},
  ) {
    super(opts.message ?? `error.${spec.code}`);
    this.name = 'BilikError';
    this.code = spec.code;
    this.status = spec.status;
    if (opts.fields) this.fields = opts.fields;
    if (opts.retryAfterSec !== undefined) this.retryAfterSec = opts.retryAfterSec;
    if (opts.params) this.params = opts.params;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, status: this.status, message: this.message };
    if (this.fields) data.fields = this.fields;
    if (this.retryAfterSec !== undefined) data.retryAfterSec = this.retryAfterSec;
    if (this.params) data.params = this.params;
    return data;
  }

  static fromData(data: ErrorData): BilikError {
    return new BilikError(data, data);
  }
}

/** Declares an error kind. `code` must be unique across the app and documented in docs/errors.md. */
export function defineError(code: string, status: number, message: string): ErrorSpec {
  return Object.freeze({ code, status, message });
}

export const KernelErrors = {
  VALIDATION: defineError('VALIDATION_FAILED', 422, 'Some fields are not valid.'),
  BAD_REQUEST: defineError('BAD_REQUEST', 400, 'The request could not be read.'),
  UNAUTHENTICATED: defineError('UNAUTHENTICATED', 401, 'Please log in.'),
  FORBIDDEN: defineError('FORBIDDEN', 403, 'You do not have permission for this.'),
  CSRF: defineError('CSRF_TOKEN_INVALID', 403, 'The form expired. Reload the page and try again.'),
  NOT_FOUND: defineError('NOT_FOUND', 404, 'Not found.'),
  CONFLICT: defineError('CONFLICT', 409, 'This conflicts with existing data.'),
  PAYLOAD_TOO_LARGE: defineError('PAYLOAD_TOO_LARGE', 413, 'The request is too large.'),
  RATE_LIMITED: defineError('RATE_LIMITED', 429, 'Too many attempts. Try again later.'),
  INTERNAL: defineError('INTERNAL', 500, 'Something went wrong. Quote the request id when you report it.'),
  MODULE_UNAVAILABLE: defineError('MODULE_UNAVAILABLE', 503, 'This part of Bilik is temporarily unavailable.'),
  MODULE_OVERLOADED: defineError('MODULE_OVERLOADED', 503, 'This part of Bilik is busy. Try again in a moment.'),
  MODULE_TIMEOUT: defineError('MODULE_TIMEOUT', 504, 'This part of Bilik took too long to answer.'),
  MODULE_CRASHED: defineError('MODULE_CRASHED', 500, 'This part of Bilik failed while answering.'),
  CONTRACT_NOT_DECLARED: defineError('CONTRACT_NOT_DECLARED', 500, 'A module called a function that is not in the contract.'),
} as const;

export function notFound(message?: string): BilikError {
  return new BilikError(KernelErrors.NOT_FOUND, message ? { message } : {});
}

export function validationError(fields: Record<string, string>): BilikError {
  return new BilikError(KernelErrors.VALIDATION, { fields });
}
