// Repeatable sub-forms: addresses and contact channels, with errors at each field.
import { ActionIcon, Button, NativeSelect, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Address, AddressKind, ChannelKind } from '../../shared/types.ts';
import { ADDRESS_KINDS, CHANNEL_KINDS } from '../../shared/types.ts';

let keySeq = 0;
export const newKey = () => `k${++keySeq}`;

/** An address row being edited: the stored shape, plus a React key and no id until saved. */
export type AddressDraft = Omit<Address, 'id'> & { key: string; id?: string };

export interface ChannelDraft {
  key: string;
  id?: string;
  kind: ChannelKind;
  value: string;
  label: string;
}

export const emptyAddress = (kind: AddressKind = 'registered'): AddressDraft =>
  ({ key: newKey(), kind, street: '', number: '', city: '', postalCode: '', country: 'CZ' });
export const emptyChannel = (kind: ChannelKind = 'phone'): ChannelDraft => ({ key: newKey(), kind, value: '', label: '' });

export const isBlankAddress = (a: AddressDraft) => !a.id && !a.street.trim() && !a.number.trim() && !a.city.trim() && !a.postalCode.trim();
export const isBlankChannel = (c: ChannelDraft) => !c.id && !c.value.trim() && !c.label.trim();

/** Drops blank rows before sending; `map[i]` is the form row of sent row i (for error paths). */
export function compact<T extends { key: string }>(rows: T[], blank: (r: T) => boolean): { sent: Omit<T, 'key'>[]; map: number[] } {
  const sent: Omit<T, 'key'>[] = [];
  const map: number[] = [];
  rows.forEach((r, i) => {
    if (blank(r)) return;
    const { key: _key, ...rest } = r;
    sent.push(rest);
    map.push(i);
  });
  return { sent, map };
}

/** `addresses.2.city` of the sent payload → the same path with the form's row index. */
export function remapPath(path: string, maps: Record<string, number[]>): string {
  const m = /^(\w+)\.(\d+)(\..*)?$/.exec(path);
  if (!m) return path;
  const map = maps[m[1]!];
  if (!map) return path;
  const row = map[Number(m[2])];
  return row === undefined ? path : `${m[1]}.${row}${m[3] ?? ''}`;
}

interface EditorProps<T> {
  rows: T[];
  onChange(rows: T[]): void;
  error(path: string): string | undefined;
  clear(path: string): void;
  /** Error path prefix: `addresses`, `channels`. */
  prefix: string;
  testid: string;
}

export function AddressesEditor({ rows, onChange, error, clear, prefix, testid }: EditorProps<AddressDraft>) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<AddressDraft>, field: string) => {
    clear(`${prefix}.${i}.${field}`);
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  return (
    <div data-testid={testid}>
      <div className="section-label">
        <span>{t('address.title')}</span>
        <Button variant="subtle" size="compact-xs" data-testid={`${testid}-add`}
          onClick={() => onChange([...rows, emptyAddress(rows.length === 0 ? 'registered' : 'delivery')])}>
          + {t('address.add')}
        </Button>
      </div>
      {rows.map((a, i) => {
        // Narrow fields get a red border; their messages go on a line of their own under the row.
        const narrow = (['kind', 'number', 'postalCode', 'country'] as const)
          .map((f) => ({ f, msg: error(`${prefix}.${i}.${f}`) })).filter((x) => x.msg);
        const mark = (f: string) => (narrow.some((x) => x.f === f) ? true : undefined);
        const fieldLabel: Record<string, string> = { kind: t('address.kind'), number: t('address.number'), postalCode: t('address.postal_code'), country: t('address.country') };
        return (
          <div key={a.key} className="repeat-row repeat-address" data-testid="address-row">
            <NativeSelect aria-label={t('address.kind')} value={a.kind} error={mark('kind')}
              onChange={(e) => set(i, { kind: e.currentTarget.value as AddressKind }, 'kind')}
              data={ADDRESS_KINDS.map((k) => ({ value: k, label: t(`address_kinds.${k}`) }))} />
            <TextInput aria-label={t('address.street')} placeholder={t('address.street')} value={a.street}
              data-testid="address-street" error={error(`${prefix}.${i}.street`)}
              onChange={(e) => set(i, { street: e.currentTarget.value }, 'street')} />
            <TextInput aria-label={t('address.number')} placeholder={t('address.number')} value={a.number}
              data-testid="address-number" error={mark('number')}
              onChange={(e) => set(i, { number: e.currentTarget.value }, 'number')} />
            <TextInput aria-label={t('address.city')} placeholder={t('address.city')} value={a.city}
              data-testid="address-city" error={error(`${prefix}.${i}.city`)}
              onChange={(e) => set(i, { city: e.currentTarget.value }, 'city')} />
            <TextInput aria-label={t('address.postal_code')} placeholder={t('address.postal_code')} value={a.postalCode}
              data-testid="address-postal-code" error={mark('postalCode')}
              onChange={(e) => set(i, { postalCode: e.currentTarget.value }, 'postalCode')} />
            <TextInput aria-label={t('address.country')} placeholder="CZ" value={a.country} maxLength={2}
              data-testid="address-country" error={mark('country')}
              onChange={(e) => set(i, { country: e.currentTarget.value.toUpperCase() }, 'country')} />
            <ActionIcon color="red" aria-label={t('common.remove')} title={t('common.remove')} mt={3}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}>✕</ActionIcon>
            {narrow.length > 0 && (
              <div className="row-errors" role="alert" data-testid="address-errors">
                {narrow.map((x) => <div key={x.f} data-field={`${prefix}.${i}.${x.f}`}>{fieldLabel[x.f]}: {x.msg}</div>)}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

export function ChannelsEditor({ rows, onChange, error, clear, prefix, testid }: EditorProps<ChannelDraft>) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<ChannelDraft>, field: string) => {
    clear(`${prefix}.${i}.${field}`);
    if ('kind' in patch) clear(`${prefix}.${i}.value`);
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const placeholder = (k: ChannelKind) => t(`channel_placeholders.${k}`);
  return (
    <div data-testid={testid}>
      <div className="section-label">
        <span>{t('channel.title')}</span>
        <Button variant="subtle" size="compact-xs" data-testid={`${testid}-add`}
          onClick={() => onChange([...rows, emptyChannel(rows.some((r) => r.kind === 'phone') ? 'email' : 'phone')])}>
          + {t('channel.add')}
        </Button>
      </div>
      {rows.map((c, i) => (
        <div key={c.key} className="repeat-row repeat-channel" data-testid="channel-row">
          <NativeSelect aria-label={t('channel.kind')} value={c.kind} error={error(`${prefix}.${i}.kind`)}
            data-testid="channel-kind"
            onChange={(e) => set(i, { kind: e.currentTarget.value as ChannelKind }, 'kind')}
            data={CHANNEL_KINDS.map((k) => ({ value: k, label: t(`channel_kinds.${k}`) }))} />
          <TextInput aria-label={t('channel.value')} placeholder={placeholder(c.kind)} value={c.value}
            data-testid="channel-value" error={error(`${prefix}.${i}.value`)}
            type={c.kind === 'email' ? 'text' : undefined} inputMode={c.kind === 'phone' ? 'tel' : c.kind === 'email' ? 'email' : 'url'}
            onChange={(e) => set(i, { value: e.currentTarget.value }, 'value')} />
          <TextInput aria-label={t('channel.label')} placeholder={t('channel.label_placeholder')} value={c.label}
            data-testid="channel-label" error={error(`${prefix}.${i}.label`)}
            onChange={(e) => set(i, { label: e.currentTarget.value }, 'label')} />
          <ActionIcon color="red" aria-label={t('common.remove')} title={t('common.remove')} mt={3}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}>✕</ActionIcon>
        </div>
      ))}
    </div>
  );
}
