import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { DemoEnrolment, DemoRegister } from '@kassa/contracts';
import { HttpError, failure } from '../http/errors.ts';
import { errorResponses } from '../http/responses.ts';
import { PUBLIC, type AuthContext } from '../modules/auth/index.ts';
import { demoEnrolmentCode, findDemoRegister } from './demo-register.ts';

const noDemoRegister = () => new HttpError(failure('NOT_FOUND', 'The demo shop has no register to enrol.'));

/**
 * Demo mode only: app.ts registers these routes when `kassa start --demo` runs, never otherwise.
 * `npm start` should serve a register that can be enrolled without the API: the banner's link
 * holds a code for 15 minutes only, so the enrol screen asks here whether this is a demo and, on a
 * tap, for a fresh code. They are public on purpose, like the demo's PINs printed at start-up: a
 * demo shop has nothing to protect. Every code is a normal one-time code, audited as made by
 * `system:demo`.
 */
export function registerDemoRoutes(
  root: FastifyInstance,
  ctx: AuthContext,
  demo: { organisationId: string },
): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/demo/register',
    {
      config: { permission: PUBLIC },
      schema: {
        tags: ['devices'],
        summary: 'Demo mode: the register a browser may enrol as',
        description:
          'Answers only on a server started in demo mode (`kassa start --demo`); elsewhere the route does not exist (404). ' +
          "The register's enrol screen shows its one-tap demo button when this answers.",
        response: { 200: DemoRegister, ...errorResponses(404) },
      },
    },
    async () => {
      const register = await findDemoRegister(ctx.db, demo.organisationId);
      if (!register) throw noDemoRegister();
      return {
        registerId: register.registerId,
        storeName: register.storeName,
        registerName: register.registerName,
      };
    },
  );

  app.post(
    '/api/v1/demo/register/enrolment-codes',
    {
      config: { permission: PUBLIC },
      schema: {
        tags: ['devices'],
        summary: 'Demo mode: a one-time enrolment code for the demo register',
        description:
          'Demo mode only (404 elsewhere). The same code a manager makes with POST /api/v1/registers/{registerId}/enrolment-codes ' +
          '(valid 15 minutes, usable once, audited), without signing in. Exchange it at POST /api/v1/devices/enrol.',
        response: { 201: DemoEnrolment, ...errorResponses(404) },
      },
    },
    async (_request, reply) => {
      const enrolment = await demoEnrolmentCode(ctx, demo.organisationId);
      if (!enrolment) throw noDemoRegister();
      const { code, expiresAt, registerId, storeName, registerName } = enrolment;
      return reply.status(201).send({ code, expiresAt, registerId, storeName, registerName });
    },
  );
}
