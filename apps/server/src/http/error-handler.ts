import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError, failure } from './errors.ts';

interface AjvIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

/** Turns Ajv's issues into `{ field, problem }` pairs a person can act on. */
function describeValidation(issues: AjvIssue[], context: string | undefined): Array<{ field: string; problem: string }> {
  return issues.map((issue) => {
    const base = `${context ?? 'body'}${(issue.instancePath ?? '').replaceAll('/', '.')}`;
    if (issue.keyword === 'additionalProperties') {
      return { field: `${base}.${String(issue.params?.additionalProperty)}`, problem: 'is not a known field: remove it' };
    }
    if (issue.keyword === 'required') {
      return { field: `${base}.${String(issue.params?.missingProperty)}`, problem: 'is required' };
    }
    return { field: base, problem: issue.message ?? 'is invalid' };
  });
}

/** Renders every error in the one shape of API.md, and never leaks a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validation?: AjvIssue[]; validationContext?: string }, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.status).send(error.toBody());
    }
    if (error.validation) {
      const fields = describeValidation(error.validation, error.validationContext);
      const summary = fields.map((f) => `${f.field} ${f.problem}`).join('; ');
      return reply.status(400).send(
        new HttpError(failure('VALIDATION_FAILED', `The request is not valid: ${summary}.`, { fields }), 400).toBody(),
      );
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return reply.status(413).send(new HttpError(failure('REQUEST_TOO_LARGE', 'The request body is too large. Send smaller batches.'), 413).toBody());
    }
    if (status === 415) {
      return reply.status(415).send(new HttpError(failure('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'), 415).toBody());
    }
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send(new HttpError(failure('REQUEST_MALFORMED', `The request could not be read: ${error.message}.`), status).toBody());
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(new HttpError(failure('INTERNAL', `Something went wrong on the server. Quote request id ${request.id} when reporting it.`), 500).toBody());
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(
      new HttpError(failure('NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]}. See /api/docs for every endpoint.`), 404).toBody(),
    );
  });
}
