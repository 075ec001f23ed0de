export {
  registerAuth,
  authContextOf,
  authenticateRequest,
  requirePermission,
  PUBLIC,
  AUTHENTICATED,
  DEVICE,
  SESSION_COOKIE,
  type RoutePermission,
} from './auth.plugin.ts';
export {
  actorOf,
  optionalActorOf,
  approvalOf,
  staffIdOf,
  type Actor,
  type ApiTokenActor,
  type StaffSessionActor,
  type DeviceActor,
  type Grant,
  type ApprovalUse,
} from './actor.ts';
export {
  actorHasPermission,
  assertStoreAccess,
  canSeeStore,
  decide,
  grantDecision,
  grantInStore,
  isOwnerLike,
  scopeOf,
  visibleStoreIds,
} from './authorization.ts';
export { createApiToken, revokeApiTokensNamed, authenticateApiToken } from './api-tokens.ts';
export { createAuthContext, DEFAULT_AUTH_SETTINGS, type AuthContext, type AuthSettings } from './context.ts';
export { loadPepper } from './pepper.ts';
export { hashSecret, verifySecret } from './secrets.ts';
export { recordAudit, verifyAuditChain, type AuditContext, type AuditEvent } from './audit.ts';
export { lockedUntil, LOCKOUT_POLICY, NO_FAILURES } from './lockout.ts';
export { verifyPinOnDevice, type PinDevice } from './pin-auth.ts';
export {
  deriveOfflineVerifier,
  saveOfflineVerifier,
  OFFLINE_PIN_ITERATIONS,
  type OfflineVerifier,
} from './offline-pins.ts';
export { createEnrolmentCode } from './devices.ts';
export { normaliseEmail } from './login.ts';
export { createSession, revokeStaffSessions } from './sessions.ts';
export { loadStaffAccess } from './access.ts';
export { worksInStores } from './staff-in-store.ts';
export { auditContextOf, actorRef, deviceOf } from './request-context.ts';
export { registerAuthRoutes } from './auth.routes.ts';
export { registerDeviceRoutes } from './devices.routes.ts';
export { registerApiTokenRoutes } from './api-tokens.routes.ts';
