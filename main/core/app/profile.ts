// First start: the laptop's own user is created with the name the operating system knows
// ("root", "jnovak"), and letters, briefs and the agenda would carry it. The app asks once for
// the user's real name and e-mail (phone and position optional) — while the name is still that
// default and the question was neither answered nor put off on this laptop.
import os from 'node:os';
import type { Ctx } from '../context.ts';
import { loadLetterhead, saveLetterhead } from '../printing/letterhead.ts';

/** The name a new local user gets when none is given: the OS account's, else 'me'. */
export function osUserName(): string {
  try { return os.userInfo().username || 'me'; } catch { return 'me'; } // no passwd entry
}

/** A settings row: the question was answered or put off here (per laptop, like the user). */
const ASKED = 'profile_asked';

export async function shouldAskProfile(ctx: Ctx): Promise<boolean> {
  const [asked, me] = await Promise.all([
    ctx.db.selectFrom('settings').select('key').where('key', '=', ASKED).executeTakeFirst(),
    ctx.db.selectFrom('users').select('name').where('id', '=', ctx.localUserId).executeTakeFirst(),
  ]);
  if (asked || !me) return false;
  const name = me.name.trim();
  return name === osUserName() || name === 'me';
}

export async function markProfileAsked(ctx: Ctx): Promise<void> {
  const now = ctx.now();
  await ctx.db.insertInto('settings').values({ key: ASKED, value: JSON.stringify(now), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(now), updated_at: now })).execute();
}

/** A letterhead signed with the name the user had — the demo data copies the OS name there —
 * follows the new one (with the position, unless it names a function of its own). */
export async function renameSigner(ctx: Ctx, oldName: string, user: { name: string; position: string }): Promise<void> {
  const lh = await loadLetterhead(ctx);
  if (!oldName.trim() || lh.signatureName.trim() !== oldName.trim()) return;
  await saveLetterhead(ctx, { ...lh, signatureName: user.name, signatureTitle: lh.signatureTitle.trim() || user.position });
}
