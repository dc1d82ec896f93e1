// The one contract between the UI and the core: channel name → input schema (zod, checked by
// the dispatcher because the renderer is untrusted), output type, and whether it writes —
// and if so which tables, so both transports can announce what changed.
import { z } from 'zod';
import {
  ADDRESS_KINDS, CHANNEL_KINDS, CODE_LISTS, CONTACT_STATUSES, FIRM_KINDS, GENDERS, LOCALES,
  type AppInfo, type Code, type Contact, type FirmCard, type FirmList, type User,
} from './types.ts';
import { ISO_DATE, isValidDic, isValidIco, normalizeIco } from './validation.ts';

export const TABLES = ['users', 'codes', 'firms', 'addresses', 'channels', 'people', 'contacts'] as const;
export type Table = (typeof TABLES)[number];

interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  kind: 'read' | 'write';
  writes: readonly Table[];
  /** Phantom: carries the output type only. */
  readonly _out?: O;
}

const read = <O>() => <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input, kind: 'read', writes: [] });
const write = <O>(...writes: Table[]) => <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input, kind: 'write', writes });

// ---- reusable field schemas ----------------------------------------------------------------
export const id = z.string().regex(/^[0-9a-f-]{36}$/, 'errors.invalid_id');
const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1).max(max);
const epochMs = z.number().int().min(0).max(8.64e15);
const empty = z.object({}).strict();

export const addressInput = z.object({
  id: id.optional(),
  kind: z.enum(ADDRESS_KINDS),
  street: text(200).default(''),
  number: text(30).default(''),
  city: text(120).default(''),
  postalCode: text(20).default(''),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'errors.country').default('CZ'),
});

export const channelInput = z.object({
  id: id.optional(),
  kind: z.enum(CHANNEL_KINDS),
  value: required(200),
  label: text(60).default(''),
}).superRefine((c, ctx) => {
  if (c.kind === 'email' && !z.email().safeParse(c.value).success)
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'errors.email' });
  if (c.kind === 'phone' && !/^\+?[\d\s()/-]{3,30}$/.test(c.value))
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'errors.phone' });
});

const ico = z.string().trim().transform(normalizeIco)
  .refine((v) => v === '' || isValidIco(v), 'errors.ico_checksum');
const dic = z.string().trim().transform((v) => v.replace(/\s+/g, '').toUpperCase())
  .refine((v) => v === '' || isValidDic(v), 'errors.dic');

export const firmInput = z.object({
  name: required(200),
  kinds: z.array(z.enum(FIRM_KINDS)).min(1, 'errors.kinds_required'),
  ico: ico.default(''),
  dic: dic.default(''),
  website: text(200).default(''),
  industry: text(120).default(''),
  sourceId: id.nullable().default(null),
  ownerId: id.nullable().default(null),
  addresses: z.array(addressInput).max(20).default([]),
  channels: z.array(channelInput).max(50).default([]),
});
export type FirmInput = z.input<typeof firmInput>;

export const personInput = z.object({
  firmId: id,
  titleBefore: text(40).default(''),
  firstName: text(80).default(''),
  lastName: required(80),
  titleAfter: text(40).default(''),
  gender: z.enum(GENDERS).default('unspecified'),
  jobTitle: text(120).default(''),
  roleId: id.nullable().default(null),
  note: text(4000).default(''),
  isMain: z.boolean().default(false),
  channels: z.array(channelInput).max(30).default([]),
});
export type PersonInput = z.input<typeof personInput>;

export const nextContactInput = z.object({
  at: epochMs,
  task: required(250),
  referentId: id,
  kindId: id.optional(),
});

export const contactInput = z.object({
  firmId: id,
  personId: id.nullable().default(null),
  status: z.enum(CONTACT_STATUSES).default('done'),
  at: epochMs,
  kindId: id,
  referentId: id,
  resultId: id.nullable().default(null),
  summary: required(250),
  note: text(20000).default(''),
  next: nextContactInput.nullable().default(null),
});
export type ContactInput = z.input<typeof contactInput>;

export const firmListInput = z.object({
  q: text(200).default(''),
  kinds: z.array(z.enum(FIRM_KINDS)).default([]),
  ownerId: id.nullable().default(null),
  city: text(120).default(''),
  locale: z.enum(LOCALES).default('en'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type FirmListInput = z.input<typeof firmListInput>;

// ---- the channels --------------------------------------------------------------------------
export const contract = {
  'app.info': read<AppInfo>()(empty),
  'users.list': read<User[]>()(empty),
  'codes.list': read<Code[]>()(z.object({ list: z.enum(CODE_LISTS).optional() })),
  'codes.add': write<Code>('codes')(z.object({ list: z.enum(CODE_LISTS), label: required(80) })),

  'firms.list': read<FirmList>()(firmListInput),
  'firms.cities': read<string[]>()(z.object({ locale: z.enum(LOCALES).default('en') })),
  'firms.get': read<FirmCard>()(z.object({ id })),
  'firms.create': write<{ id: string }>('firms', 'addresses', 'channels')(firmInput),
  'firms.update': write<{ id: string }>('firms', 'addresses', 'channels')(firmInput.extend({ id })),
  'firms.delete': write<{ id: string }>('firms', 'people', 'contacts')(z.object({ id })),

  'people.create': write<{ id: string }>('people', 'channels', 'firms')(personInput),
  'people.update': write<{ id: string }>('people', 'channels', 'firms')(personInput.extend({ id })),
  'people.delete': write<{ id: string }>('people', 'channels', 'firms')(z.object({ id })),

  'contacts.list': read<Contact[]>()(z.object({ firmId: id.optional(), personId: id.optional() })
    .refine((v) => v.firmId || v.personId, { message: 'errors.required', path: ['firmId'] })),
  'contacts.create': write<{ id: string; nextId: string | null }>('contacts')(contactInput),
  // `next` on update: a planned contact marked done often plans the one after it.
  'contacts.update': write<{ id: string; nextId: string | null }>('contacts')(contactInput.extend({ id })),
  'contacts.delete': write<{ id: string }>('contacts')(z.object({ id })),

  'agenda.list': read<Contact[]>()(z.object({
    scope: z.enum(['mine', 'all']).default('mine'),
    from: z.string().regex(ISO_DATE, 'errors.date').optional(),
    to: z.string().regex(ISO_DATE, 'errors.date').optional(),
    /** Minutes east of UTC of the user's clock, so calendar days are theirs, not the core's. */
    tzOffset: z.number().int().min(-900).max(900).default(0),
  })),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type Input<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type Output<C extends ChannelName> = NonNullable<Contract[C]['_out']>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Pushed from the core after a successful write. */
export interface ChangeEvent {
  tables: Table[];
}
export const EVENTS = ['changed'] as const;
export type EventName = (typeof EVENTS)[number];

/** What both transports (Electron preload, browser shim) give the renderer. */
export interface Bridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: EventName, cb: (payload: ChangeEvent) => void): () => void;
}
