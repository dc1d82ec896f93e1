// A printer as inline SVG (the ⎙ glyph is missing from common Linux fonts).
export function PrintIcon({ size = 14 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false" className="icon">
      <path d="M6 9V3h12v6" /><rect x="3" y="9" width="18" height="8" rx="2" /><rect x="6" y="14" width="12" height="7" />
    </svg>
  );
}
