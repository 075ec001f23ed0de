import os from 'node:os';
import type { DatabaseConfig } from '../config.ts';
import type { DemoLogins } from '../modules/staff/index.ts';
import type { DemoEnrolment } from './demo-register.ts';
import type { DemoTerminal } from './demo-terminal.ts';

export interface DemoBannerInput {
  host: string;
  port: number;
  database: DatabaseConfig;
  /** Served over HTTPS (KASSA_TLS_CERT); without it the LAN lines say how to get HTTPS for tablets and phones. */
  https?: boolean;
  demo: { organisationName: string; seeded: boolean; products: number; ownerToken: string; logins: DemoLogins; enrolment?: DemoEnrolment | null; terminal?: DemoTerminal | null };
}

/** Every IPv4 address of this machine on the shop's network (tablets and phones open these). */
export function lanAddresses(interfaces = os.networkInterfaces()): string[] {
  return Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry.address);
}

function urlsFor(host: string, port: number, https = false): { local: string; lan: string[] } {
  const anyHost = host === '0.0.0.0' || host === '::' || host === '';
  const scheme = https ? 'https' : 'http';
  const local = `${scheme}://${anyHost || host === '127.0.0.1' ? 'localhost' : host}:${port}`;
  return { local, lan: anyHost ? lanAddresses().map((address) => `${scheme}://${address}:${port}`) : [] };
}

// A register on http://192.168.x.y is not a secure context (no service worker, storage or WebCrypto).
const HTTPS_HINT = [
  '                           tablets and phones need HTTPS for the register: run',
  '                           "npm run kassa -- tls init" and follow what it prints (docs/OPERATIONS.md, HTTPS)',
];

function whereDataLives(database: DatabaseConfig): string {
  if (database.kind === 'postgres') return 'PostgreSQL (KASSA_DATABASE_URL)';
  const relative = database.filename.startsWith(process.cwd())
    ? `.${database.filename.slice(process.cwd().length)}`
    : database.filename;
  return `${relative} (SQLite; back it up with "npm run kassa -- backup FILE")`;
}

function terminalLines(terminal: DemoTerminal | null | undefined): string[] {
  if (!terminal) return [];
  return [
    '',
    `  Card terminal (simulator): ${terminal.endpoint}${terminal.note ? `   (${terminal.note})` : ''}`,
    `    registered as "${terminal.name}" for every register of ${terminal.storeName}.`,
    '    Test amounts by their cents: ,05 declined  ,13 card blocked  ,21 slow  ,31 no answer  ,41 lost answer',
    '    ,51 PIN  ,61 late approval; anything else is approved (docs/PAYMENTS.md).',
  ];
}

/** The friendly start-up text of demo mode: where to open Kassa, how to sign in, where the data lives. */
export function formatDemoBanner({ host, port, database, demo, https }: DemoBannerInput): string {
  const { local, lan } = urlsFor(host, port, https);
  const shop = demo.seeded
    ? `${demo.organisationName} — demo shop created with ${demo.products} products`
    : demo.organisationName;
  const lines = [
    '',
    `  Kassa is running: ${shop}`,
    '',
    `  Open on this computer:    ${local}`,
    ...lan.map((url, i) => `  ${i === 0 ? 'Open on the shop network:' : '                         '} ${url}`),
    ...(lan.length > 0 && !https ? HTTPS_HINT : []),
    `  API docs:                 ${local}/api/docs   (OpenAPI: ${local}/api/v1/openapi.json)`,
    ...(demo.enrolment
      ? [
          '',
          `  Register: open this link once to enrol the browser as ${demo.enrolment.storeName} · ${demo.enrolment.registerName}`,
          `    ${local}/?enrol=${demo.enrolment.code}   (one-time code ${demo.enrolment.code}, valid 15 minutes)`,
          '    then pick a cashier and type the PIN below. Later, open the address and tap "Demo-kassa koppelen".',
        ]
      : []),
    '',
    '  Demo logins (demo mode only — never use these in a real shop):',
    `    Owner     ${demo.logins.owner.name.padEnd(14)} ${demo.logins.owner.email} / ${demo.logins.owner.password}   PIN ${demo.logins.owner.pin}`,
    `    Manager   ${demo.logins.manager.name.padEnd(14)} ${demo.logins.manager.email} / ${demo.logins.manager.password}   PIN ${demo.logins.manager.pin}`,
    ...demo.logins.cashiers.map((c) => `    Cashier   ${c.name.padEnd(14)} PIN ${c.pin}`),
    ...terminalLines(demo.terminal),
    '',
    '  API token (owner, every permission), new on every demo start:',
    `    ${demo.ownerToken}`,
    `    try: curl -H "Authorization: Bearer ${demo.ownerToken}" ${local}/api/v1/products`,
    '',
    `  Data: ${whereDataLives(database)}`,
    '  Stop with Ctrl+C.',
    '',
  ];
  return lines.join('\n');
}
