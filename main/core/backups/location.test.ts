// Where a SQLite file gets corrupted: network shares and folders a sync client uploads.
import { describe, expect, it } from 'vitest';
import { parseMacMount, parseNetUse, parseProcMounts, riskyLocation } from './location.ts';

describe('riskyLocation', () => {
  it.each([
    ['C:\\Users\\eva\\OneDrive\\Kartoteka\\kartoteka.sqlite', 'win32', 'OneDrive'],
    ['C:\\Users\\eva\\OneDrive - Pekárna Dvořák s.r.o\\Data\\kartoteka.sqlite', 'win32', 'OneDrive'],
    ['C:\\Users\\eva\\Dropbox\\kartoteka.sqlite', 'win32', 'Dropbox'],
    ['C:\\Users\\eva\\Dropbox (Pekárna)\\kartoteka.sqlite', 'win32', 'Dropbox'],
    ['G:\\My Drive\\kartoteka.sqlite', 'win32', 'Google Drive'],
    ['G:\\Můj disk\\kartoteka.sqlite', 'win32', 'Google Drive'],
    ['C:\\Users\\eva\\Google Drive\\kartoteka.sqlite', 'win32', 'Google Drive'],
    ['C:\\Users\\eva\\iCloudDrive\\kartoteka.sqlite', 'win32', 'iCloud Drive'],
    ['/Users/eva/Library/CloudStorage/OneDrive-Personal/kartoteka.sqlite', 'darwin', 'OneDrive'],
    ['/Users/eva/Library/CloudStorage/GoogleDrive-eva@example.cz/My Drive/k.sqlite', 'darwin', 'Google Drive'],
    ['/Users/eva/Library/CloudStorage/Dropbox/k.sqlite', 'darwin', 'Dropbox'],
    ['/Users/eva/Library/Mobile Documents/com~apple~CloudDocs/k.sqlite', 'darwin', 'iCloud Drive'],
    ['/home/eva/Dropbox/kartoteka.sqlite', 'linux', 'Dropbox'],
    ['/home/eva/OneDrive/kartoteka.sqlite', 'linux', 'OneDrive'],
  ] as const)('%s is in a cloud-synced folder (%s)', (file, platform, where) => {
    expect(riskyLocation(file, platform)).toEqual({ kind: 'cloud', where });
  });

  it.each([
    ['\\\\server\\kancelar\\kartoteka.sqlite', 'win32', '\\\\server\\kancelar'],
    ['//nas/data/kartoteka.sqlite', 'win32', '\\\\nas\\data'],
    ['\\\\?\\UNC\\server\\share\\k.sqlite', 'win32', '\\\\server\\share'],
  ] as const)('%s is on a network share', (file, platform, where) => {
    expect(riskyLocation(file, platform)).toEqual({ kind: 'network', where });
  });

  it('knows a network file system mounted under an ordinary path, by the deepest mount point', () => {
    const mounts = parseProcMounts([
      '/dev/sda2 / ext4 rw 0 0',
      'nas:/export/office /mnt/office nfs4 rw 0 0',
      '//nas/share\\040two /mnt/share\\040two cifs rw 0 0',
      '/dev/sdb1 /mnt/office/local ext4 rw 0 0',
    ].join('\n'));
    expect(riskyLocation('/mnt/office/kartoteka.sqlite', 'linux', mounts)).toEqual({ kind: 'network', where: '/mnt/office' });
    expect(riskyLocation('/mnt/share two/k.sqlite', 'linux', mounts)).toEqual({ kind: 'network', where: '/mnt/share two' });
    expect(riskyLocation('/mnt/office/local/k.sqlite', 'linux', mounts)).toBeNull();
    expect(riskyLocation('/mnt/officeX/k.sqlite', 'linux', mounts)).toBeNull();
    expect(riskyLocation('/run/user/1000/gvfs/smb-share:server=nas,share=data/k.sqlite', 'linux')).toMatchObject({ kind: 'network' });
  });

  it('knows a mapped drive letter from `net use` (Czech Windows) and a share under /Volumes from `mount`', () => {
    const netUse = parseNetUse([
      'Nová připojení budou zapamatována.',
      '',
      'Stav         Místní    Vzdálené                  Síť',
      '-------------------------------------------------------------------------------',
      'OK           Z:        \\\\server\\kancelar         Microsoft Windows Network',
      'Nedostupné   y:        \\\\nas\\data               Microsoft Windows Network',
      '                       \\\\tiskarna\\IPC$          Microsoft Windows Network',
      'Příkaz byl úspěšně dokončen.',
    ].join('\r\n'));
    expect(netUse).toEqual([{ dir: 'Z:', type: '\\\\server\\kancelar' }, { dir: 'Y:', type: '\\\\nas\\data' }]);
    expect(riskyLocation('Z:\\Kartoteka\\kartoteka.sqlite', 'win32', netUse)).toEqual({ kind: 'network', where: 'Z: (\\\\server\\kancelar)' });
    expect(riskyLocation('y:\\k.sqlite', 'win32', netUse)).toMatchObject({ kind: 'network' });
    expect(riskyLocation('C:\\Data\\k.sqlite', 'win32', netUse)).toBeNull();
    const mac = parseMacMount([
      '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)',
      '//anna@nas._smb._tcp.local/data on /Volumes/data (smbfs, nodev, nosuid, mounted by anna)',
      '/dev/disk4s1 on /Volumes/USB Disk (msdos, local, nodev, nosuid, noowners)',
    ].join('\n'));
    expect(riskyLocation('/Volumes/data/Kartoteka/k.sqlite', 'darwin', mac)).toEqual({ kind: 'network', where: '/Volumes/data' });
    expect(riskyLocation('/Volumes/USB Disk/k.sqlite', 'darwin', mac)).toBeNull();
  });

  it.each([
    ['C:\\Users\\eva\\AppData\\Roaming\\Kartoteka\\kartoteka.sqlite', 'win32'],
    ['D:\\Data\\Dropboxy\\k.sqlite', 'win32'],
    ['/home/eva/.config/Kartoteka/kartoteka.sqlite', 'linux'],
    ['/Users/eva/Library/Application Support/Kartoteka/kartoteka.sqlite', 'darwin'],
    ['\\\\?\\C:\\Users\\eva\\k.sqlite', 'win32'],
  ] as const)('%s is a local folder', (file, platform) => {
    expect(riskyLocation(file, platform)).toBeNull();
  });
});
