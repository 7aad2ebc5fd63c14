import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details. `detail` never echoes personal data from the request. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  code?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problem(status: number, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

/** Throw from a use case: the filter turns it into application/problem+json. */
export class ProblemException extends HttpException {
  constructor(status: number, detail: string, extra: Partial<ProblemDetails> = {}) {
    super(problem(status, detail, extra), status);
  }
}

export const notFound = (what = 'resource') => new ProblemException(HttpStatus.NOT_FOUND, `No such ${what}.`);
export const conflict = (detail: string, code?: string) => new ProblemException(HttpStatus.CONFLICT, detail, code ? { code } : {});
export const badRequest = (detail: string, errors?: FieldError[]) => new ProblemException(HttpStatus.BAD_REQUEST, detail, errors ? { errors } : {});
export const forbidden = (detail = 'Your role may not do this.', code?: string) => new ProblemException(HttpStatus.FORBIDDEN, detail, code ? { code } : {});
