import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { problem, ProblemDetails } from './problem';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/** One HTTP error format everywhere: RFC 9457 problem+json. Never a 5xx for bad input. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const body = this.toProblem(exception);
    if (body.status >= 500) {
      this.logger.error({ err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : String(exception), method: req.method, route: req.route?.path }, 'request failed');
    }
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'status' in response && 'title' in response) {
        return response as ProblemDetails;
      }
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      return problem(status, Array.isArray(message) ? message.join('; ') : String(message ?? exception.message));
    }
    // body-parser errors (malformed JSON, too large, wrong charset) are the client's fault.
    const parserError = exception as BodyParserError;
    const status = parserError?.status ?? parserError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const detail = parserError.type === 'entity.too.large' ? 'The request body is too large.' : parserError.type === 'entity.parse.failed' ? 'The request body is not valid JSON.' : 'The request could not be read.';
      return problem(status, detail);
    }
    return problem(500, 'Something went wrong on our side. It has been logged.');
  }
}
