import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** The SMTP sink (smtp-sink.ts) running as its own process, and every message it has received so far. */
export interface Mailbox {
  port: number;
  messages: ReceivedMail[];
  /** Messages sent to one address. */
  to(address: string): ReceivedMail[];
  stop(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/support/smtp-sink.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const messages: ReceivedMail[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = JSON.parse(line) as ReceivedMail | { listening: number };
      if ('listening' in parsed) resolve(parsed.listening);
      else messages.push(parsed);
    });
  });
  return {
    port,
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address)),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** Headers of one MIME entity, names in lower case, folded lines joined. */
function headersOf(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding?.toLowerCase() === 'quoted-printable') {
    const text = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i += 1) {
      const hex = text.slice(i + 1, i + 3);
      if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** The decoded text/plain and text/html parts of a message (multipart or not), in order. */
export function textParts(raw: string): Array<{ type: string; text: string }> {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = headersOf(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'))
      .flatMap((part) => textParts(part.replace(/^\r?\n/, '')));
  }
  if (!/^text\/(plain|html)/i.test(type)) return [];
  return [
    {
      type: type.split(';')[0]!.toLowerCase(),
      text: decodeBody(body, headers.get('content-transfer-encoding')),
    },
  ];
}
