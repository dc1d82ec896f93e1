// The tests' browser lookup: the order (CHROMIUM_PATH, an installed Chromium/Chrome, the bundled
// one), which unpacked folder may be trusted, and that the product never reaches for the dev
// dependency (`kartoteka print` finds only the user's own browser).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseBrowser, trustedBrowserDir } from './test-browser.ts';
import { tempDir } from './test-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const existing = (...paths: string[]) => (p: string) => paths.includes(p);

describe('the tests\' browser', () => {
  it('takes CHROMIUM_PATH first, even when a browser is installed', () => {
    expect(chooseBrowser({ CHROMIUM_PATH: '/opt/my/chrome' }, existing('/opt/my/chrome', '/usr/bin/chromium'), 'linux'))
      .toEqual({ source: 'CHROMIUM_PATH', path: '/opt/my/chrome' });
  });

  it('refuses a CHROMIUM_PATH that does not exist instead of quietly using another browser', () => {
    expect(() => chooseBrowser({ CHROMIUM_PATH: '/nowhere/chrome' }, existing('/usr/bin/chromium'), 'linux')).toThrow(/CHROMIUM_PATH.*\/nowhere\/chrome/);
  });

  it('then an installed Chromium or Chrome, from the same list the product searches', () => {
    expect(chooseBrowser({}, existing('/usr/bin/google-chrome', '/usr/bin/chromium'), 'linux')).toEqual({ source: 'installed', path: '/usr/bin/chromium' });
    expect(chooseBrowser({}, existing('/usr/bin/google-chrome'), 'linux')).toEqual({ source: 'installed', path: '/usr/bin/google-chrome' });
    expect(chooseBrowser({ PROGRAMFILES: 'C:\\Program Files' }, (p) => p.endsWith('msedge.exe'), 'win32'))
      .toEqual({ source: 'installed', path: expect.stringMatching(/Microsoft.Edge.Application.msedge\.exe$/) });
  });

  it('and only then the Chromium bundled in the dev dependency', () => {
    expect(chooseBrowser({}, () => false, 'linux')).toEqual({ source: 'bundled' });
    expect(chooseBrowser({ CHROMIUM_PATH: '' }, () => false, 'linux')).toEqual({ source: 'bundled' });
  });

  it('runs an unpacked browser only from a complete folder of its own user, closed to others', () => {
    const base = tempDir('kartoteka-browser-dir-');
    try {
      const uid = process.getuid!();
      const dir = path.join(base, 'chromium');
      fs.mkdirSync(dir, { mode: 0o700 });
      expect(trustedBrowserDir(dir, uid)).toBe(false); // not finished: fonts.conf comes last
      fs.writeFileSync(path.join(dir, 'fonts.conf'), '<fontconfig/>');
      expect(trustedBrowserDir(dir, uid)).toBe(true);
      expect(trustedBrowserDir(dir, uid + 1)).toBe(false); // another user's
      fs.chmodSync(dir, 0o777);
      expect(trustedBrowserDir(dir, uid)).toBe(false); // anyone could swap the binary
      fs.chmodSync(dir, 0o755);
      expect(trustedBrowserDir(dir, uid)).toBe(true);
      const link = path.join(base, 'link');
      fs.symlinkSync(dir, link);
      expect(trustedBrowserDir(link, uid)).toBe(false);
      expect(trustedBrowserDir(path.join(base, 'missing'), uid)).toBe(false);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('is a dev dependency that no product code reaches: kartoteka print finds only the user\'s browser', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const name of ['@sparticuz/chromium', 'pdfjs-dist', 'dejavu-fonts-ttf']) {
      expect(pkg.devDependencies[name], name).toBeTruthy();
      expect(pkg.dependencies[name], name).toBeUndefined();
    }
    const product = ['main', 'shared', 'bin', 'renderer'].flatMap((dir) => (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
      .filter((f) => /\.(ts|tsx|mjs|js)$/.test(f) && !/(^|\/)test-|\.test\.ts$/.test(f)).map((f) => path.join(dir, f)));
    expect(product.length).toBeGreaterThan(50);
    const reaching = product.filter((f) => /@sparticuz\/chromium|pdfjs-dist|dejavu-fonts-ttf|test-browser|test-pdf/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(reaching).toEqual([]);
  });
});
