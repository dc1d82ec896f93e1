// Pieces the segment, lead, duplicate and list screens share: folding text for searches that
// ignore diacritics, segment kind labels, and firm pickers that search through the core (the
// core's search already ignores diacritics and knows people, phones and e-mails too).
import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, Checkbox, Group, Loader, ScrollArea, Select, Text, TextInput, type ComboboxItem, type ComboboxParsedItem } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FirmListRow, Segment, SegmentKind, SegmentRef } from '../../shared/types.ts';
import { SEGMENT_KINDS } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { translateError } from '../ui/forms.ts';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

/** Lower case without diacritics: "Dvořák" and "dvorak" compare equal. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** Mantine's option filter, but ignoring case and diacritics. */
export function foldFilter({ options, search, limit }: { options: ComboboxParsedItem[]; search: string; limit: number }): ComboboxParsedItem[] {
  const want = fold(search.trim());
  if (!want) return options.slice(0, limit);
  const out: ComboboxParsedItem[] = [];
  for (const o of options) {
    if (out.length >= limit) break;
    if ('group' in o) {
      const items = o.items.filter((i) => fold(i.label).includes(want));
      if (items.length) out.push({ group: o.group, items });
    } else if (fold(o.label).includes(want)) {
      out.push(o);
    }
  }
  return out;
}

export const SEGMENT_COLORS: Record<SegmentKind, string> = { category: 'indigo', group: 'orange', tag: 'gray' };

/** Segments as combobox data, grouped by kind (categories, groups, tags). */
export function segmentGroups(t: (k: string) => string, segments: readonly Segment[]): { group: string; items: ComboboxItem[] }[] {
  return SEGMENT_KINDS.map((kind) => ({
    group: t(`screens.segment_kinds_plural.${kind}`),
    items: segments.filter((s) => s.kind === kind).map((s) => ({ value: s.id, label: s.name })),
  })).filter((g) => g.items.length > 0);
}

/** A segment's name with its colour (or its kind's colour when it has none). */
export function SegmentBadge({ segment, onClick }: { segment: SegmentRef; onClick?: () => void }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={segment.color || SEGMENT_COLORS[segment.kind]}
      title={t(`screens.segment_kinds.${segment.kind}`)}
      style={onClick ? { cursor: 'pointer', textTransform: 'none' } : { textTransform: 'none' }}
      onClick={onClick}
      leftSection={segment.kind === 'tag' ? '#' : undefined}
    >
      {segment.name}
    </Badge>
  );
}

/** Searches firms through the core as the user types (debounced). */
export function useFirmSearch(q: string, limit = 30, enabled = true) {
  const locale = useApp((s) => s.locale);
  const [rows, setRows] = useState<FirmListRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    const timer = setTimeout(() => {
      send('firms.list', { q: q.trim(), locale, limit }).then(
        (res) => { if (alive) { setRows(res.rows); setError(null); } },
        (e: unknown) => { if (alive) setError(errorData(e).messageKey); },
      );
    }, 200);
    return () => { alive = false; clearTimeout(timer); };
  }, [q, locale, limit, enabled]);
  return { rows, error };
}

const describe = (r: FirmListRow) => [r.name, r.ico, r.city].filter(Boolean).join(' · ');

/** One firm, chosen by searching (e.g. a group's parent firm). */
export function FirmSelect({ value, valueLabel, onChange, label, testid, error, placeholder }: {
  value: string | null;
  /** The chosen firm's name, shown before any search has run. */
  valueLabel?: string | null;
  onChange(id: string | null, name: string | null): void;
  label?: string;
  testid?: string;
  error?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const found = useFirmSearch(search, 30, opened);
  const [names, setNames] = useState<Record<string, string>>({});
  const data = useMemo(() => {
    const items = (found.rows ?? []).map((r) => ({ value: r.id, label: describe(r) }));
    if (value && !items.some((i) => i.value === value)) items.unshift({ value, label: names[value] ?? valueLabel ?? '…' });
    return items;
  }, [found.rows, value, valueLabel, names]);
  return (
    <Select
      label={label}
      data-testid={testid}
      placeholder={placeholder ?? t('screens.common.search_firm')}
      searchable
      clearable
      data={data}
      value={value}
      error={error}
      // The core has already searched (diacritics, people, IČO): show what it found.
      filter={({ options }) => options}
      selectFirstOptionOnChange
      searchValue={opened ? search : undefined}
      onSearchChange={(s) => { if (opened) setSearch(s); }}
      onDropdownOpen={() => { setOpened(true); setSearch(''); }}
      onDropdownClose={() => setOpened(false)}
      nothingFoundMessage={found.rows === null ? <Loader size="xs" /> : t('common.nothing_found')}
      onChange={(id, option) => {
        const row = found.rows?.find((r) => r.id === id);
        if (id && row) setNames((n) => ({ ...n, [id]: row.name }));
        onChange(id, row?.name ?? (option ? option.label : null));
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Picks several firms by searching: for adding members to a segment. */
export function AddFirmsModal({ opened, onClose, exclude, onAdd, title }: {
  opened: boolean;
  onClose(): void;
  /** Firms already in (shown checked and disabled). */
  exclude: ReadonlySet<string>;
  onAdd(ids: string[]): Promise<void>;
  title: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const found = useFirmSearch(q, 50, opened);

  useEffect(() => { if (opened) { setQ(''); setPicked(new Map()); setFailed(null); } }, [opened]);

  const toggle = (r: FirmListRow) => setPicked((prev) => {
    const next = new Map(prev);
    if (next.has(r.id)) next.delete(r.id); else next.set(r.id, r.name);
    return next;
  });

  const save = async () => {
    if (picked.size === 0 || saving) return;
    setSaving(true);
    try {
      await onAdd([...picked.keys()]);
      onClose();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} title={title} size="lg" data-testid="add-firms">
      <TextInput
        data-autofocus
        data-testid="add-firms-search"
        placeholder={t('screens.common.search_firm')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        leftSection={<span aria-hidden>⌕</span>}
      />
      <ScrollArea.Autosize mah={340} mt="xs" type="auto">
        {found.error ? <Text c="red" size="sm">{t(found.error)}</Text>
          : found.rows === null ? <Loader size="xs" m="sm" />
            : found.rows.length === 0 ? <Text c="dimmed" size="sm" p="sm">{t('common.nothing_found')}</Text>
              : found.rows.map((r) => {
                const member = exclude.has(r.id);
                return (
                  <Checkbox
                    key={r.id}
                    className="pick-row"
                    data-testid="add-firms-option"
                    label={<span><b>{r.name}</b> <span className="dim">{[r.ico, r.city].filter(Boolean).join(' · ')}</span></span>}
                    description={member ? t('screens.segment.already_member') : undefined}
                    checked={member || picked.has(r.id)}
                    disabled={member}
                    onChange={() => toggle(r)}
                  />
                );
              })}
      </ScrollArea.Autosize>
      {failed && <Text c="red" size="sm" mt="xs">{failed}</Text>}
      <Group justify="space-between" mt="md">
        <Text size="sm" c="dimmed">{t('screens.segment.picked', { n: picked.size })}</Text>
        <Group gap="xs">
          <CancelButton onClose={onClose} />
          <Button data-testid="add-firms-save" disabled={picked.size === 0} loading={saving} onClick={() => void save()}>
            {t('screens.segment.add_picked')}
          </Button>
        </Group>
      </Group>
    </FormDialog>
  );
}
