// One likely pair, side by side: which record survives, and per field whose value it keeps.
// Everything else (people, contacts, notes, tasks, files, addresses, channels, segments, field
// values) moves to the survivor; the merge can be undone from the list of recent merges.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Center, Group, Loader, Radio, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Code, DuplicatePair, FirmCard, Person, User } from '../../shared/types.ts';
import { companyIdName } from '../../shared/company-ids.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { codeById, codeLabel, personName } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

export type Side = 'survivor' | 'merged';
export type Choice = Side | 'both';

export const FIRM_FIELDS = ['name', 'ico', 'dic', 'website', 'industry', 'sourceId', 'ownerId', 'kinds'] as const;
export const PERSON_FIELDS = ['titleBefore', 'firstName', 'patronymic', 'lastName', 'titleAfter', 'gender', 'jobTitle', 'roleId', 'note'] as const;
type FirmField = (typeof FIRM_FIELDS)[number];
type PersonField = (typeof PERSON_FIELDS)[number];

/** What a side of the pair shows: per field the value to compare, plus what moves with it. */
interface Loaded {
  id: string;
  name: string;
  values: Record<string, string>;
  /** Raw emptiness per field, for choosing sensible defaults. */
  empty: Record<string, boolean>;
  counts: [string, number][] | null;
  found: boolean;
}

function firmSide(card: FirmCard, t: TFunction, codes: Code[], users: User[]): Loaded {
  const f = card.firm;
  const raw: Record<FirmField, string> = {
    // Each id with its name in the firm's country ("IČO 25596641", "Adószám 12345676-2-41"):
    // the country goes with the IČO row in a merge.
    name: f.name, ico: f.ico ? `${companyIdName(f.country, 'ico', f.ico)} ${f.ico}` : '',
    dic: f.dic ? `${companyIdName(f.country, 'dic', f.dic)} ${f.dic}` : '', website: f.website ?? '', industry: codeLabel(t, codeById(codes, f.industryId)),
    sourceId: codeLabel(t, codeById(codes, f.sourceId)), ownerId: users.find((u) => u.id === f.ownerId)?.name ?? '',
    kinds: f.kinds.map((k) => t(`firm_kinds.${k}`)).join(', '),
  };
  return {
    id: f.id, name: f.name, values: raw, empty: Object.fromEntries(FIRM_FIELDS.map((k) => [k, raw[k] === ''])), found: true,
    counts: [
      ['people', card.counts.people], ['contacts', card.counts.contacts], ['notes', card.counts.notes],
      ['open_tasks', card.counts.openTasks], ['attachments', card.counts.attachments],
      ['addresses', card.addresses.length], ['channels', card.channels.length],
    ],
  };
}

function personSide(p: Person | null, fallback: { id: string; name: string }, t: TFunction, codes: Code[]): Loaded {
  if (!p) return { id: fallback.id, name: fallback.name, values: {}, empty: {}, counts: null, found: false };
  const raw: Record<PersonField, string> = {
    titleBefore: p.titleBefore, firstName: p.firstName, patronymic: p.patronymic, lastName: p.lastName, titleAfter: p.titleAfter,
    gender: p.gender === 'unspecified' ? '' : t(`genders.${p.gender}`), jobTitle: p.jobTitle,
    roleId: codeLabel(t, codeById(codes, p.roleId)), note: p.note,
  };
  return {
    id: p.id, name: personName(p), values: raw, empty: Object.fromEntries(PERSON_FIELDS.map((k) => [k, raw[k] === ''])), found: true,
    counts: [['channels', p.channels.length]],
  };
}

/** There is no "get a person" channel: people come with their firm's card. The pair's detail
 * names the person's firm, and the core's search knows people's names too, so the firms found
 * for either are asked for their people. */
async function findPerson(side: { id: string; name: string; detail: string }, locale: 'cs' | 'en' | 'hu' | 'ru'): Promise<Person | null> {
  const { id, name, detail } = side;
  const words = name.split(/[\s,]+/).filter((w) => w.length > 1 && !w.endsWith('.'));
  const queries = [detail.trim(), words.join(' '), ...words.sort((a, b) => b.length - a.length).slice(0, 1)].filter(Boolean);
  const seen = new Set<string>();
  for (const q of queries) {
    const list = await send('firms.list', { q, locale, limit: 8 });
    for (const row of list.rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      const card = await send('firms.get', { id: row.id });
      const p = card.people.find((x) => x.id === id);
      if (p) return p;
    }
  }
  return null;
}

export function DuplicateReview({ pair, onClose, onMerged, onDismissed }: {
  pair: DuplicatePair | null;
  onClose(): void;
  onMerged(result: { mergeId: string; survivorName: string; mergedName: string; survivorId: string; mergedId: string }): void;
  onDismissed(): void;
}) {
  const { t } = useTranslation();
  const codes = useApp((s) => s.codes);
  const users = useApp((s) => s.users);
  const locale = useApp((s) => s.locale);
  const [sides, setSides] = useState<[Loaded, Loaded] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [swapped, setSwapped] = useState(false);
  const [choose, setChoose] = useState<Record<string, Choice>>({});
  const [busy, setBusy] = useState<'merge' | 'dismiss' | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const entity = pair?.entity ?? 'firm';
  const fields: readonly string[] = entity === 'firm' ? FIRM_FIELDS : PERSON_FIELDS;

  useEffect(() => {
    setSides(null);
    setLoadError(null);
    setFailed(null);
    setSwapped(false);
    if (!pair) return;
    let alive = true;
    const load = pair.entity === 'firm'
      ? Promise.all([send('firms.get', { id: pair.a.id }), send('firms.get', { id: pair.b.id })])
        .then(([a, b]) => [firmSide(a, t, codes, users), firmSide(b, t, codes, users)] as [Loaded, Loaded])
      : Promise.all([findPerson(pair.a, locale), findPerson(pair.b, locale)])
        .then(([a, b]) => [personSide(a, pair.a, t, codes), personSide(b, pair.b, t, codes)] as [Loaded, Loaded]);
    load.then(
      (loaded) => {
        if (!alive) return;
        setSides(loaded);
        // Keep the survivor's values, except where only the other record has one.
        const [s, m] = loaded;
        setChoose(Object.fromEntries((pair.entity === 'firm' ? FIRM_FIELDS : PERSON_FIELDS).map((f) =>
          [f, f === 'kinds' ? 'both' : s.empty[f] && !m.empty[f] ? 'merged' : 'survivor'])));
      },
      (e: unknown) => { if (alive) setLoadError(translateError(t, errorData(e)) ?? null); },
    );
    return () => { alive = false; };
    // Loads once per pair; the labels computed from codes/users are fine for its lifetime.
  }, [pair]);

  const [survivor, merged] = useMemo(() => (sides ? (swapped ? [sides[1], sides[0]] : sides) : [null, null]), [sides, swapped]);

  // Swapping sides keeps the values the user picked: what was "the other's" becomes the survivor's.
  const swap = () => {
    setSwapped((s) => !s);
    setChoose((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v === 'both' ? 'both' : v === 'survivor' ? 'merged' : 'survivor'])));
  };

  const merge = async () => {
    if (!pair || !survivor || !merged || busy) return;
    setBusy('merge');
    setFailed(null);
    try {
      const base = { survivorId: survivor.id, mergedId: merged.id };
      const res = pair.entity === 'firm'
        ? await send('firms.merge', { ...base, choose: choose as Record<FirmField, Side> & { kinds: Choice } })
        : await send('people.merge', { ...base, choose: Object.fromEntries(PERSON_FIELDS.map((f) => [f, choose[f] === 'merged' ? 'merged' : 'survivor'])) as Record<PersonField, Side> });
      const nameField = pair.entity === 'firm' ? 'name' : 'lastName';
      onMerged({
        mergeId: res.mergeId, survivorId: survivor.id, mergedId: merged.id, mergedName: merged.name,
        survivorName: choose[nameField] === 'merged' ? merged.name : survivor.name,
      });
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(null);
    }
  };

  const dismiss = async () => {
    if (!pair || busy) return;
    setBusy('dismiss');
    setFailed(null);
    try {
      await send('duplicates.dismiss', { entity: pair.entity, aId: pair.a.id, bId: pair.b.id });
      onDismissed();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(null);
    }
  };

  const label = (f: string) => t(`screens.dup_fields.${f}`);
  const cell = (f: string, side: Side, who: Loaded) => {
    const v = who.values[f] ?? '';
    return (
      <Table.Td className={choose[f] === side || (choose[f] === 'both' && f === 'kinds') ? 'dup-picked' : undefined}>
        <Radio
          value={side}
          checked={choose[f] === side}
          onChange={() => setChoose((c) => ({ ...c, [f]: side }))}
          data-testid={`dup-choice-${f}-${side}`}
          name={`dup-${f}`}
          aria-label={`${label(f)}: ${v || t('screens.duplicates.empty_value')}`}
          label={v ? <span className={f === 'ico' || f === 'dic' ? 'mono' : undefined}>{v}</span> : <span className="dim">—</span>}
        />
      </Table.Td>
    );
  };

  return (
    <FormDialog opened={pair !== null} onClose={onClose} size={880} title={t(`screens.duplicates.review_title_${entity}`)}>
      <div data-testid="dup-review">
        {pair && (
          <Group gap={4} mb="sm">
            {pair.reasons.map((r) => <Badge key={r} color="orange" variant="light">{t(`screens.dup_reasons.${r}`)}</Badge>)}
          </Group>
        )}
        {loadError ? <Alert color="red">{loadError}</Alert>
          : !survivor || !merged ? <Center p="lg"><Loader size="sm" /></Center>
            : (
              <>
                {(!survivor.found || !merged.found) && (
                  <Alert color="yellow" mb="sm">{t('screens.duplicates.person_not_loaded')}</Alert>
                )}
                <Table className="dup-compare" verticalSpacing={4} fz="sm" withColumnBorders>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={130} />
                      <Table.Th data-testid="dup-survivor">
                        <Badge color="teal" variant="filled" mr={6}>{t('screens.duplicates.survivor')}</Badge>{survivor.name}
                      </Table.Th>
                      <Table.Th data-testid="dup-other">
                        <Badge color="gray" variant="light" mr={6}>{t('screens.duplicates.other')}</Badge>{merged.name}
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {survivor.found && merged.found && fields.map((f) => (
                      <Table.Tr key={f} data-testid={`dup-field-${f}`}>
                        <Table.Td c="dimmed">{label(f)}</Table.Td>
                        {cell(f, 'survivor', survivor)}
                        {cell(f, 'merged', merged)}
                      </Table.Tr>
                    ))}
                    {entity === 'firm' && survivor.found && (
                      <Table.Tr>
                        <Table.Td />
                        <Table.Td colSpan={2}>
                          <Radio
                            value="both"
                            checked={choose.kinds === 'both'}
                            onChange={() => setChoose((c) => ({ ...c, kinds: 'both' }))}
                            data-testid="dup-choice-kinds-both"
                            name="dup-kinds"
                            label={t('screens.duplicates.kinds_both')}
                          />
                        </Table.Td>
                      </Table.Tr>
                    )}
                    {survivor.counts && merged.counts && (
                      <Table.Tr>
                        <Table.Td c="dimmed">{t('screens.duplicates.moves')}</Table.Td>
                        <Table.Td><Counts counts={survivor.counts} /></Table.Td>
                        <Table.Td><Counts counts={merged.counts} /></Table.Td>
                      </Table.Tr>
                    )}
                  </Table.Tbody>
                </Table>
                <Text size="xs" c="dimmed" mt="xs">{t(`screens.duplicates.explain_${entity}`, { name: merged.name, survivor: survivor.name })}</Text>
              </>
            )}
        {failed && <Alert color="red" mt="sm" data-testid="dup-error">{failed}</Alert>}
        <Group justify="space-between" mt="md">
          <Button variant="default" data-testid="dup-swap" disabled={!sides} onClick={swap}>⇄ {t('screens.duplicates.swap')}</Button>
          <Group gap="xs">
            <Button variant="subtle" data-testid="dup-dismiss" loading={busy === 'dismiss'} onClick={() => void dismiss()}>
              {t('screens.duplicates.not_duplicate')}
            </Button>
            <CancelButton onClose={onClose} />
            <Button color="orange" data-testid="dup-merge" disabled={!sides} loading={busy === 'merge'} onClick={() => void merge()}>
              {t('screens.duplicates.merge')}
            </Button>
          </Group>
        </Group>
      </div>
    </FormDialog>
  );
}

function Counts({ counts }: { counts: [string, number][] }) {
  const { t } = useTranslation();
  return (
    <span className="dup-counts">
      {counts.map(([k, n]) => <span key={k} className={n ? undefined : 'dim'}>{t(`screens.duplicates.count_${k}`, { n })}</span>)}
    </span>
  );
}
