// The condition tree on screen: AND / OR groups (nested up to four levels) holding conditions of
// every kind the contract knows. Each condition edits its own draft; what cannot be sent yet
// (nothing picked, an unreadable amount) is marked beside it and left out of the count.
import { createContext, useContext, useMemo } from 'react';
import { Button, Chip, CloseButton, Group, MultiSelect, NativeSelect, TagsInput, Text, TextInput, type ComboboxItem } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Code, Currency, FieldDef, FirmKind, Locale, Topic, User } from '../../shared/types.ts';
import { CURRENCIES, FIRM_KINDS } from '../../shared/types.ts';
import { foldFilter } from '../segments/common.tsx';
import { ConditionBuilder, describeCondition, KIND_COLORS } from '../firms/FirmList.tsx';
import { codeLabel } from '../ui/format.ts';
import {
  CONDITION_KINDS, canAddGroup, condNode, defaultCondition, emptyGroup,
  type CondNode, type ConditionKind, type DraftCondition, type GroupNode, type GroupOp, type Problem,
} from './tree.ts';

/** What the condition editors pick from. */
export interface BuilderRefs {
  segmentData: { group: string; items: ComboboxItem[] }[];
  users: User[];
  topics: Topic[];
  fields: FieldDef[];
  contactKinds: Code[];
  cities: string[];
  locale: Locale;
  currency: Currency;
}

export interface BuilderOps {
  add(groupKey: string, node: CondNode | GroupNode): void;
  remove(key: string): void;
  setOp(groupKey: string, op: GroupOp): void;
  update(key: string, c: DraftCondition): void;
}

const Refs = createContext<BuilderRefs | null>(null);
const useRefs = () => useContext(Refs)!;

export function ConditionTree({ root, problems, refs, ops }: {
  root: GroupNode;
  problems: ReadonlyMap<string, Problem>;
  refs: BuilderRefs;
  ops: BuilderOps;
}) {
  return (
    <Refs.Provider value={refs}>
      <GroupView group={root} root={root} depth={1} problems={problems} ops={ops} />
    </Refs.Provider>
  );
}

function GroupView({ group, root, depth, problems, ops }: {
  group: GroupNode;
  root: GroupNode;
  depth: number;
  problems: ReadonlyMap<string, Problem>;
  ops: BuilderOps;
}) {
  const { t } = useTranslation();
  const refs = useRefs();
  const isRoot = group.key === root.key;
  const newCondition = () => condNode(defaultCondition('segment', { currency: refs.currency }));
  return (
    <div className={`mailing-group depth-${depth}`} data-testid="mailing-group" data-op={group.op} data-depth={depth} role="group"
      aria-label={t(`mailing.where.op_${group.op}`)}>
      <div className="mailing-group-head">
        <NativeSelect
          size="xs"
          data-testid="mailing-group-op"
          aria-label={t('mailing.where.op_label')}
          value={group.op}
          onChange={(e) => ops.setOp(group.key, e.currentTarget.value === 'or' ? 'or' : 'and')}
          data={[{ value: 'and', label: t('mailing.where.op_and') }, { value: 'or', label: t('mailing.where.op_or') }]}
          style={{ flex: '0 0 auto' }}
        />
        {!isRoot && (
          <CloseButton size="sm" ml="auto" data-testid="mailing-group-remove" aria-label={t('mailing.where.remove_group')}
            title={t('mailing.where.remove_group')} onClick={() => ops.remove(group.key)} />
        )}
      </div>
      {group.items.length === 0 && (
        <Text size="xs" c="dimmed" className="mailing-empty">{isRoot ? t('mailing.where.empty') : t('mailing.where.empty_group')}</Text>
      )}
      {group.items.map((n) => (n.type === 'group'
        ? <GroupView key={n.key} group={n} root={root} depth={depth + 1} problems={problems} ops={ops} />
        : <ConditionRow key={n.key} node={n} problem={problems.get(n.key)} ops={ops} />))}
      <Group gap={6} mt={4}>
        <Button size="compact-xs" variant="light" data-testid="mailing-add-condition" onClick={() => ops.add(group.key, newCondition())}>
          + {t('mailing.where.add_condition')}
        </Button>
        <Button size="compact-xs" variant="subtle" data-testid="mailing-add-group" disabled={!canAddGroup(root, group.key)}
          onClick={() => {
            const g = emptyGroup(group.op === 'and' ? 'or' : 'and');
            ops.add(group.key, { ...g, items: [newCondition()] });
          }}>
          + {t('mailing.where.add_group')}
        </Button>
      </Group>
    </div>
  );
}

function ConditionRow({ node, problem, ops }: { node: CondNode; problem: Problem | undefined; ops: BuilderOps }) {
  const { t } = useTranslation();
  const refs = useRefs();
  const c = node.c;
  const set = (next: DraftCondition) => ops.update(node.key, next);
  return (
    <div className="mailing-cond" data-testid="mailing-condition" data-on={c.on} data-problem={problem ?? ''}>
      <div className="mailing-cond-row">
        <NativeSelect
          size="xs"
          data-testid="mailing-condition-kind"
          aria-label={t('mailing.where.kind')}
          value={c.on}
          onChange={(e) => set(defaultCondition(e.currentTarget.value as ConditionKind, { currency: refs.currency, topicId: refs.topics[0]?.id }))}
          data={CONDITION_KINDS.map((k) => ({ value: k, label: t(`mailing.kinds.${k}`) }))}
          style={{ flex: '0 0 170px' }}
        />
        <div className="mailing-cond-body"><ConditionEditor c={c} set={set} /></div>
        <CloseButton size="sm" data-testid="mailing-condition-remove" aria-label={t('mailing.where.remove')} title={t('mailing.where.remove')}
          onClick={() => ops.remove(node.key)} />
      </div>
      {problem && (
        <Text size="xs" c={problem === 'incomplete' ? 'dimmed' : 'red'} data-testid="mailing-condition-problem" className="mailing-cond-problem">
          {t(`mailing.where.problem_${problem}`)}
        </Text>
      )}
    </div>
  );
}

function ConditionEditor({ c, set }: { c: DraftCondition; set(c: DraftCondition): void }) {
  const { t } = useTranslation();
  const refs = useRefs();
  const userData = useMemo(() => refs.users.map((u) => ({ value: u.id, label: u.name })), [refs.users]);
  switch (c.on) {
    case 'kind':
      return (
        <Chip.Group multiple value={c.kinds} onChange={(v) => set({ ...c, kinds: v.filter((k): k is FirmKind => (FIRM_KINDS as readonly string[]).includes(k)) })}>
          <Group gap={4} data-testid="mailing-kinds">
            {FIRM_KINDS.map((k) => (
              <Chip key={k} value={k} size="xs" color={KIND_COLORS[k]} data-testid={`mailing-kind-${k}`}>{t(`firm_kinds.${k}`)}</Chip>
            ))}
          </Group>
        </Chip.Group>
      );
    case 'segment':
      return (
        <Group gap={4} wrap="nowrap" align="flex-start">
          <NativeSelect size="xs" data-testid="mailing-segment-not" aria-label={t('mailing.kinds.segment')} value={c.not ? 'not' : 'in'}
            onChange={(e) => set({ ...c, not: e.currentTarget.value === 'not' })} style={{ flex: '0 0 auto' }}
            data={[{ value: 'in', label: t('mailing.cond.segment_in') }, { value: 'not', label: t('mailing.cond.segment_not') }]} />
          <MultiSelect
            size="xs"
            data-testid="mailing-segment-select"
            aria-label={t('mailing.cond.segments_placeholder')}
            placeholder={c.ids.length ? undefined : t('mailing.cond.segments_placeholder')}
            data={refs.segmentData}
            value={c.ids}
            onChange={(ids) => set({ ...c, ids })}
            searchable
            clearable
            filter={foldFilter}
            selectFirstOptionOnChange
            nothingFoundMessage={t('common.nothing_found')}
            maxValues={200}
            style={{ flex: 1, minWidth: 160 }}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
      );
    case 'field': {
      const field = c.filter ? refs.fields.find((f) => f.id === c.filter!.fieldId) : undefined;
      if (refs.fields.length === 0) return <Text size="xs" c="dimmed">{t('mailing.cond.no_fields')}</Text>;
      if (!c.filter) return <ConditionBuilder fields={refs.fields} full={false} onAdd={(filter) => set({ ...c, filter })} />;
      return (
        <Group gap={6} wrap="nowrap">
          <Text size="sm" data-testid="mailing-field-condition">{describeCondition(t, c.filter, field, refs.locale)}</Text>
          <Button size="compact-xs" variant="subtle" data-testid="mailing-field-change" onClick={() => set({ ...c, filter: null })}>
            {t('mailing.cond.field_change')}
          </Button>
        </Group>
      );
    }
    case 'owner':
      return (
        <MultiSelect size="xs" data-testid="mailing-owner-select" aria-label={t('mailing.kinds.owner')}
          placeholder={c.ids.length ? undefined : t('mailing.cond.owners_placeholder')}
          data={userData} value={c.ids} onChange={(ids) => set({ ...c, ids })} searchable clearable filter={foldFilter}
          selectFirstOptionOnChange nothingFoundMessage={t('common.nothing_found')} comboboxProps={{ withinPortal: true }} />
      );
    case 'place':
      return (
        <Group gap={4} wrap="nowrap" align="flex-start">
          <NativeSelect size="xs" data-testid="mailing-place-part" aria-label={t('mailing.kinds.place')} value={c.part} style={{ flex: '0 0 auto' }}
            onChange={(e) => set({ ...c, part: e.currentTarget.value as typeof c.part })}
            data={(['city', 'region', 'country'] as const).map((p) => ({ value: p, label: t(`mailing.cond.place_${p}`) }))} />
          <TagsInput
            size="xs"
            data-testid="mailing-place-values"
            aria-label={t(`mailing.cond.place_${c.part}`)}
            placeholder={c.values.length ? undefined : t(`mailing.cond.place_hint_${c.part}`)}
            data={c.part === 'city' ? refs.cities : []}
            value={c.values}
            onChange={(values) => set({ ...c, values })}
            clearable
            acceptValueOnBlur
            maxTags={200}
            limit={50}
            style={{ flex: 1, minWidth: 160 }}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
      );
    case 'lastContact':
      return (
        <Group gap={4} wrap="wrap">
          <NativeSelect size="xs" data-testid="mailing-last-op" aria-label={t('mailing.kinds.lastContact')} value={c.op} style={{ flex: '0 0 auto' }}
            onChange={(e) => set({ ...c, op: e.currentTarget.value as typeof c.op })}
            data={(['before', 'after', 'none'] as const).map((o) => ({ value: o, label: t(`mailing.cond.last_${o}`) }))} />
          {c.op !== 'none' && (
            <TextInput size="xs" type="date" data-testid="mailing-last-date" aria-label={t('mailing.cond.last_date')} value={c.date}
              onChange={(e) => set({ ...c, date: e.currentTarget.value })} style={{ flex: '0 0 140px' }} />
          )}
          <MultiSelect size="xs" data-testid="mailing-last-kinds" aria-label={t('mailing.cond.last_kinds_label')}
            placeholder={c.kindIds.length ? undefined : t('mailing.cond.last_kinds')}
            data={refs.contactKinds.map((k) => ({ value: k.id, label: codeLabel(t, k) }))} value={c.kindIds}
            onChange={(kindIds) => set({ ...c, kindIds })} clearable maxValues={20} style={{ flex: '1 1 160px' }}
            comboboxProps={{ withinPortal: true }} />
        </Group>
      );
    case 'openOpportunities':
      return (
        <NativeSelect size="xs" data-testid="mailing-opps-has" aria-label={t('mailing.kinds.openOpportunities')} value={c.has ? 'has' : 'none'}
          onChange={(e) => set({ ...c, has: e.currentTarget.value === 'has' })} style={{ maxWidth: 220 }}
          data={[{ value: 'has', label: t('mailing.cond.opps_has') }, { value: 'none', label: t('mailing.cond.opps_none') }]} />
      );
    case 'revenue':
      return (
        <Group gap={4} wrap="wrap">
          <NativeSelect size="xs" data-testid="mailing-revenue-currency" aria-label={t('mailing.cond.revenue_currency')} value={c.currency}
            onChange={(e) => set({ ...c, currency: e.currentTarget.value as Currency })} data={[...CURRENCIES]} style={{ flex: '0 0 80px' }} />
          <TextInput size="xs" data-testid="mailing-revenue-min" aria-label={t('mailing.cond.revenue_min')} placeholder={t('mailing.cond.revenue_min')}
            value={c.min} onChange={(e) => set({ ...c, min: e.currentTarget.value })} style={{ flex: '0 1 110px' }} inputMode="decimal" />
          <span className="dim" aria-hidden>–</span>
          <TextInput size="xs" data-testid="mailing-revenue-max" aria-label={t('mailing.cond.revenue_max')} placeholder={t('mailing.cond.revenue_max')}
            value={c.max} onChange={(e) => set({ ...c, max: e.currentTarget.value })} style={{ flex: '0 1 110px' }} inputMode="decimal" />
          <TextInput size="xs" type="date" data-testid="mailing-revenue-since" aria-label={t('mailing.cond.revenue_since')}
            title={t('mailing.cond.revenue_since_hint')} value={c.since} onChange={(e) => set({ ...c, since: e.currentTarget.value })}
            leftSection={<span className="dim mailing-since">{t('mailing.cond.revenue_since')}</span>} leftSectionWidth={52} style={{ flex: '0 0 190px' }} />
        </Group>
      );
    case 'topic':
      return (
        <NativeSelect size="xs" data-testid="mailing-condition-topic" aria-label={t('mailing.kinds.topic')} value={c.topicId} style={{ maxWidth: 280 }}
          onChange={(e) => set({ ...c, topicId: e.currentTarget.value })}
          data={[{ value: '', label: t('mailing.cond.topic_pick') }, ...refs.topics.map((x) => ({ value: x.id, label: x.name }))]} />
      );
  }
}
