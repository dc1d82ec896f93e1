// Is the database in a place where SQLite files get corrupted? Network file systems lie about
// locks and about what is on disk (two laptops on one share both think they hold the write
// lock), and sync clients (OneDrive, Dropbox, Google Drive, iCloud) upload the file and its
// -wal separately, or "restore" an older copy over a live one. Pure: the path, the platform and
// — where the OS tells it cheaply — the mounted file systems; no disk is touched here.

export interface Mount { dir: string; type: string }
export interface RiskyPlace { kind: 'network' | 'cloud'; where: string }

const CLOUD: [RegExp, string][] = [
  [/(^|[\\/])OneDrive( - [^\\/]+)?([\\/]|$)/i, 'OneDrive'],
  [/(^|[\\/])Library[\\/]CloudStorage[\\/]OneDrive/i, 'OneDrive'],
  [/(^|[\\/])Dropbox( \([^\\/]+\))?([\\/]|$)/i, 'Dropbox'],
  [/(^|[\\/])Library[\\/]CloudStorage[\\/]Dropbox/i, 'Dropbox'],
  [/(^|[\\/])Google ?Drive([\\/]|$)/i, 'Google Drive'],
  [/(^|[\\/])Library[\\/]CloudStorage[\\/]GoogleDrive/i, 'Google Drive'],
  [/(^|[\\/])(My Drive|Můj disk|Saját meghajtó|Мой диск)([\\/]|$)/i, 'Google Drive'],
  [/(^|[\\/])Library[\\/]Mobile Documents([\\/]|$)/i, 'iCloud Drive'],
  [/(^|[\\/])iCloud ?Drive([\\/]|$)/i, 'iCloud Drive'],
  [/(^|[\\/])pCloud ?Drive([\\/]|$)/i, 'pCloud'],
  [/(^|[\\/])MEGA( ?Sync)?([\\/]|$)/, 'MEGA'],
  [/(^|[\\/])(Yandex\.Disk|YandexDisk|Яндекс\.Диск)([\\/]|$)/i, 'Yandex Disk'],
  [/(^|[\\/])Box( Sync)?([\\/]|$)/, 'Box'],
  [/(^|[\\/])Nextcloud([\\/]|$)/i, 'Nextcloud'],
  [/(^|[\\/])ownCloud([\\/]|$)/i, 'ownCloud'],
];

/** Network file systems as Linux (/proc/mounts) and macOS (mount) name them. */
const NETWORK_FS = /^(nfs4?|cifs|smb3?|smbfs|afpfs|afs|9p|sshfs|fuse\.sshfs|fuse\.rclone|fuse\.gvfsd-fuse|webdav|davfs|ncpfs|glusterfs|ceph|fuse\.s3fs)$/i;

/**
 * Where the database at `file` would be at risk, or null. `mounts` (optional) are the mounted
 * file systems, for a share mounted under an ordinary-looking path (/mnt/office, /Volumes/data).
 */
export function riskyLocation(file: string, platform: NodeJS.Platform, mounts: readonly Mount[] = []): RiskyPlace | null {
  // UNC (\\server\share\…, also //server/share/… and the \\?\UNC\ long form) is a share on Windows.
  const unc = /^(?:\\\\\?\\UNC\\|[\\/]{2})(?![?.][\\/])([^\\/]+)[\\/]([^\\/]+)/i.exec(file);
  if (unc && (platform === 'win32' || file.startsWith('\\'))) return { kind: 'network', where: `\\\\${unc[1]}\\${unc[2]}` };
  for (const [re, where] of CLOUD) if (re.test(file)) return { kind: 'cloud', where };
  if (platform === 'win32') {
    // A mapped drive letter (Z: → \\server\share) looks local in the path; `net use` knows it.
    const drive = /^([A-Za-z]):/.exec(file)?.[1]?.toUpperCase();
    const mapped = drive ? mounts.find((m) => m.dir.toUpperCase() === `${drive}:`) : undefined;
    if (mapped) return { kind: 'network', where: `${drive}: (${mapped.type})` };
  } else {
    // The deepest mount point that holds the file decides its file system.
    const norm = file.replace(/\/+$/, '');
    const holder = [...mounts]
      .filter((m) => norm === m.dir || norm.startsWith(m.dir.endsWith('/') ? m.dir : `${m.dir}/`))
      .sort((a, b) => b.dir.length - a.dir.length)[0];
    if (holder && NETWORK_FS.test(holder.type)) return { kind: 'network', where: holder.dir };
    // macOS mounts shares under /Volumes; Linux desktops under gvfs.
    if (/^\/run\/user\/\d+\/gvfs\//.test(norm) || /\/\.gvfs\//.test(norm)) return { kind: 'network', where: norm.split('/').slice(0, 6).join('/') };
  }
  return null;
}

/** /proc/mounts lines → mounts ("server:/export /mnt/office nfs4 rw 0 0"). Spaces come as \040. */
export function parseProcMounts(text: string): Mount[] {
  return text.split('\n').map((line) => line.split(' ')).filter((f) => f.length >= 3)
    .map((f) => ({ dir: f[1]!.replace(/\\040/g, ' '), type: f[2]! }));
}

/** `net use` (Windows) → the mapped drives, each with its share as `type`. The header and the
 * status words are in the system's language ("Stav  Místní  Vzdálené"), the rows' shape is not:
 * a drive letter and a UNC path. */
export function parseNetUse(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /(?:^|\s)([A-Za-z]):\s+(\\\\[^\s]+)/.exec(line);
    if (m) out.push({ dir: `${m[1]!.toUpperCase()}:`, type: m[2]! });
  }
  return out;
}

/** `mount` (macOS) lines → mounts ("//anna@nas/data on /Volumes/data (smbfs, nodev, nosuid)"). */
export function parseMacMount(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const m = / on (.+) \(([^,)]+)/.exec(line);
    if (m) out.push({ dir: m[1]!, type: m[2]!.trim() });
  }
  return out;
}

