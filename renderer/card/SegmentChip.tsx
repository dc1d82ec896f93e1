// A segment, group or tag as a small coloured chip that opens the segment.
import { useTranslation } from 'react-i18next';
import type { SegmentRef } from '../../shared/types.ts';
import { useApp } from '../store.ts';

const KIND_ICON = { category: '▦', group: '⌂', tag: '#' } as const;

export function SegmentChip({ segment: s }: { segment: SegmentRef }) {
  const { t } = useTranslation();
  const navigate = useApp((st) => st.navigate);
  const color = /^#[0-9a-f]{6}$/i.test(s.color) ? s.color : undefined;
  return (
    <button
      type="button"
      className={`seg-chip seg-${s.kind}`}
      data-testid="segment-chip"
      data-segment-id={s.id}
      title={`${t(`card.segments.kinds.${s.kind}`)}: ${s.name}`}
      style={color ? { borderColor: color, background: `${color}1f` } : undefined}
      onClick={() => navigate({ name: 'segment', id: s.id })}
    >
      <span aria-hidden className="seg-icon" style={color ? { color } : undefined}>{KIND_ICON[s.kind]}</span>
      {s.name}
    </button>
  );
}
