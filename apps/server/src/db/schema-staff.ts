// Row types of staff, roles, sessions, devices, approvals, time clock and the
// audit log (migration 0003-staff). Same conventions as schema.ts.

type Timestamp = string;
type Json = string;
type Bool = number;

export interface RolesTable {
  id: string;
  organisation_id: string;
  /** owner | manager | cashier for built-in roles; null for custom roles. */
  key: string | null;
  name: string;
  discount_limit_bp: number;
  permissions: Json;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffTable {
  id: string;
  organisation_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: string;
  hourly_wage: number | null;
  active: Bool;
  all_stores_role_id: string | null;
  password_hash: string | null;
  pin_hash: string | null;
  failed_password_count: number;
  password_locked_until: Timestamp | null;
  failed_pin_count: number;
  pin_locked_until: Timestamp | null;
  failure_window_start: Timestamp | null;
  failure_window_count: number;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffStoreRolesTable {
  staff_id: string;
  store_id: string;
  role_id: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  csrf_hash: string;
  kind: 'backOffice' | 'register';
  organisation_id: string;
  staff_id: string;
  device_id: string | null;
  store_id: string | null;
  register_id: string | null;
  ip: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface DevicesTable {
  id: string;
  organisation_id: string;
  store_id: string;
  register_id: string;
  name: string;
  credential_hash: string;
  enrolled_at: Timestamp;
  enrolled_by: string | null;
  revoked_at: Timestamp | null;
  failed_pin_streak: number;
  pin_retry_after: Timestamp | null;
  last_seen_at: Timestamp | null;
}

export interface EnrolmentCodesTable {
  id: string;
  organisation_id: string;
  store_id: string;
  register_id: string;
  code_hash: string;
  device_name: string | null;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  device_id: string | null;
}

export interface ApprovalsTable {
  id: string;
  token_hash: string;
  organisation_id: string;
  store_id: string;
  device_id: string;
  permission: string;
  approver_staff_id: string;
  requested_by: string | null;
  reason: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  consumed_by: string | null;
}

export interface TimeEntriesTable {
  id: string;
  organisation_id: string;
  store_id: string;
  staff_id: string;
  type: 'clock_in' | 'clock_out' | 'break_start' | 'break_end';
  at: Timestamp;
  /** The wage when clocking in, so a later raise does not rewrite past labour cost. */
  hourly_wage: number | null;
  device_id: string | null;
  created_at: Timestamp;
}

export interface TimeEntryCorrectionsTable {
  id: string;
  entry_id: string;
  at: Timestamp | null;
  voided: Bool;
  reason: string;
  corrected_by: string;
  created_at: Timestamp;
}

export interface AuditEventsTable {
  id: string;
  seq: number;
  organisation_id: string | null;
  occurred_at: Timestamp;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  target_kind: string | null;
  target_id: string | null;
  store_id: string | null;
  device_id: string | null;
  ip: string | null;
  details: Json;
  prev_hash: string;
  hash: string;
}

/** Offline PIN verifiers (migration 0010): PBKDF2 of the PIN, sealed with the pepper; never the PIN. */
export interface StaffOfflinePinsTable {
  staff_id: string;
  organisation_id: string;
  /** base64url, 16 random bytes, new at every PIN change. */
  salt: string;
  iterations: number;
  /** base64url of iv ‖ AES-256-GCM(PBKDF2 output) ‖ tag. */
  sealed_verifier: string;
  created_at: Timestamp;
}

export interface StaffTables {
  roles: RolesTable;
  staff_offline_pins: StaffOfflinePinsTable;
  staff: StaffTable;
  staff_store_roles: StaffStoreRolesTable;
  sessions: SessionsTable;
  devices: DevicesTable;
  enrolment_codes: EnrolmentCodesTable;
  approvals: ApprovalsTable;
  time_entries: TimeEntriesTable;
  time_entry_corrections: TimeEntryCorrectionsTable;
  audit_events: AuditEventsTable;
}
