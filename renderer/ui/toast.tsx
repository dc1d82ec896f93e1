// A short confirmation or failure message in the corner ("Address copied"). Imperative on
// purpose: any view can call it without a provider being mounted somewhere above it.
export type ToastColor = 'green' | 'red' | 'blue';

let host: HTMLDivElement | null = null;

export function toast(message: string, color: ToastColor = 'green', ms = 3000): void {
  if (typeof document === 'undefined' || !message) return;
  if (!host || !host.isConnected) {
    host = document.createElement('div');
    host.className = 'toasts';
    host.setAttribute('role', 'status');
    host.setAttribute('aria-live', 'polite');
    document.body.appendChild(host);
  }
  const el = document.createElement('div');
  el.className = `toast toast-${color}`;
  el.dataset.testid = 'toast';
  el.textContent = message;
  host.appendChild(el);
  setTimeout(() => { el.classList.add('toast-out'); }, ms);
  setTimeout(() => { el.remove(); }, ms + 300);
}
