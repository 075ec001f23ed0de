import type { FastifyInstance } from 'fastify';
import type { AuthContext } from '../auth/index.ts';
import './staff.errors.ts';
import { registerRoleRoutes } from './roles.routes.ts';
import { registerStaffRoutes } from './staff.routes.ts';
import { registerTimeclockRoutes } from './timeclock.routes.ts';

export { seedDemoStaff, type DemoLogins } from './seed-demo-staff.ts';
export { ensureBuiltInRoles, BUILT_IN_ROLES } from './built-in-roles.ts';
export { recordRegisterPunch, type PunchDevice, type RegisterPunch } from './register-punch.ts';

/** Registers staff, role, permission and time clock routes. */
export function registerStaffModule(app: FastifyInstance, auth: AuthContext): void {
  registerStaffRoutes(app, auth);
  registerRoleRoutes(app, auth);
  registerTimeclockRoutes(app, auth);
}
