import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import type { OrganisationIds } from '../stores/index.ts';
import { deriveOfflineVerifier, hashSecret, loadPepper, NO_FAILURES, saveOfflineVerifier } from '../auth/index.ts';
import { ensureBuiltInRoles } from './built-in-roles.ts';

export interface DemoLogins {
  owner: { staffId: string; name: string; email: string; password: string; pin: string };
  manager: { staffId: string; name: string; email: string; password: string; pin: string };
  cashiers: Array<{ staffId: string; name: string; pin: string }>;
}

/**
 * Demo staff for `npm start --demo`: an owner (all stores), a manager and two
 * cashiers of the first store. The secrets are fixed demo values, printed by
 * the demo banner only; never use this outside demo mode. Idempotent by e-mail.
 */
export async function seedDemoStaff(
  db: Kysely<DB>,
  organisationIds: Pick<OrganisationIds, 'organisationId' | 'stores'>,
  now: string,
  options: { pepper?: Buffer } = {},
): Promise<DemoLogins> {
  const pepper = options.pepper ?? loadPepper();
  const orgId = organisationIds.organisationId;
  const storeId = organisationIds.stores[0]!.id;
  const people = [
    {
      key: 'owner',
      name: 'Eva Eigenaar',
      email: 'eigenaar@demo.kassa.local',
      password: 'kassa-demo-eigenaar',
      pin: '1111',
      role: 'owner',
      allStores: true,
    },
    {
      key: 'manager',
      name: 'Mark Manager',
      email: 'manager@demo.kassa.local',
      password: 'kassa-demo-manager',
      pin: '2222',
      role: 'manager',
      allStores: false,
    },
    {
      key: 'cashier1',
      name: 'Sanne Kassa',
      email: null,
      password: null,
      pin: '3333',
      role: 'cashier',
      allStores: false,
    },
    {
      key: 'cashier2',
      name: 'Daan Kassa',
      email: null,
      password: null,
      pin: '4444',
      role: 'cashier',
      allStores: false,
    },
  ] as const;
  const hashes = await Promise.all(
    people.map(async (p) => ({
      pin: await hashSecret(p.pin, pepper),
      password: p.password ? await hashSecret(p.password, pepper) : null,
    })),
  );
  const ids = await db.transaction().execute(async (trx) => {
    const roles = await ensureBuiltInRoles(trx, orgId, now);
    const out: Record<string, string> = {};
    for (const [i, p] of people.entries()) {
      const existing = p.email
        ? await trx.selectFrom('staff').select('id').where('email', '=', p.email).executeTakeFirst()
        : await trx
            .selectFrom('staff')
            .select('id')
            .where('organisation_id', '=', orgId)
            .where('name', '=', p.name)
            .executeTakeFirst();
      if (existing) {
        out[p.key] = existing.id;
        continue;
      }
      const id = uuidv7();
      out[p.key] = id;
      await trx
        .insertInto('staff')
        .values({
          id,
          organisation_id: orgId,
          name: p.name,
          email: p.email,
          phone: null,
          locale: 'nl-NL',
          hourly_wage: p.role === 'cashier' ? 1450 : 2200,
          active: 1,
          all_stores_role_id: p.allStores ? roles[p.role]! : null,
          password_hash: hashes[i]!.password,
          pin_hash: hashes[i]!.pin,
          ...NO_FAILURES,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      if (!p.allStores)
        await trx
          .insertInto('staff_store_roles')
          .values({ staff_id: id, store_id: storeId, role_id: roles[p.role]! })
          .execute();
      // Setting a PIN derives its offline verifier (STAFF.md, Signing in offline): the demo register can sign in offline at once.
      await saveOfflineVerifier(trx, { id, organisationId: orgId }, await deriveOfflineVerifier(id, p.pin, pepper), now);
    }
    return out;
  });
  return {
    owner: {
      staffId: ids.owner!,
      name: people[0].name,
      email: people[0].email,
      password: people[0].password,
      pin: people[0].pin,
    },
    manager: {
      staffId: ids.manager!,
      name: people[1].name,
      email: people[1].email,
      password: people[1].password,
      pin: people[1].pin,
    },
    cashiers: [
      { staffId: ids.cashier1!, name: people[2].name, pin: people[2].pin },
      { staffId: ids.cashier2!, name: people[3].name, pin: people[3].pin },
    ],
  };
}
