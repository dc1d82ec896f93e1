// Hands an export to the user: the bytes as a Blob behind an <a download>. The browser saves
// it as a download; Electron's session turns the same click into the OS save dialog.
export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A file name safe on every OS (the core names it; this only guards against path tricks). */
export function safeFileName(name: string, fallback = 'export'): string {
  const s = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '').trim();
  return s || fallback;
}

export function downloadBytes(fileName: string, mime: string, bytes: Uint8Array<ArrayBuffer>): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mime || 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(fileName);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has taken its copy by the time this runs.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
