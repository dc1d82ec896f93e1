// A newspaper with a check mark, drawn like the other line icons (renderer/ui/icons.tsx).
import type { SVGProps } from 'react';

export function NewsletterIcon({ size = 14, ...rest }: SVGProps<SVGSVGElement> & { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false" className="icon" {...rest}>
      <path d="M4 5h13v14H6a2 2 0 0 1-2-2z" />
      <path d="M17 9h3v8a2 2 0 0 1-2 2" />
      <path d="M7 9h7M7 13h4" />
      <path d="M10.5 16.5l1.5 1.5 3-3" />
    </svg>
  );
}
