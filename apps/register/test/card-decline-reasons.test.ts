import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { nl } from '../src/i18n/nl.ts';

// A declined card shows "Card declined (€ 30,00): <reason>" (screens/sell/CardSection.tsx). Without
// a text of its own the register shows the terminal's English message, also in Dutch. The reasons
// are the server's (modules/payments/terminal-port.ts, DeclineReason); read from its source, since
// the register may not import the server.
const TERMINAL_PORT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../server/src/modules/payments/terminal-port.ts',
);

function serverDeclineReasons(): string[] {
  const union = /export type DeclineReason =([^;]+);/.exec(readFileSync(TERMINAL_PORT, 'utf8'))?.[1] ?? '';
  return [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
}

describe('the words for a declined card', () => {
  it('has Dutch and English for every reason the server sends, except "other" (the terminal says why)', () => {
    const reasons = serverDeclineReasons();
    expect(reasons).toContain('offline_limit_exceeded');
    for (const reason of reasons.filter((r) => r !== 'other')) {
      const key = `reason_${reason}` as keyof typeof en.card;
      expect(en.card[key], reason).toBeTruthy();
      expect(nl.card[key], reason).toBeTruthy();
    }
  });
});
