// What bin/kartoteka.mjs runs (bundled into dist/cli/kartoteka.mjs): `--help` is answered from
// the help text alone; every command loads the rest of the CLI (index.ts) first.
import { helpText, onlyHelp } from './help.ts';

export async function main(argv: string[]): Promise<number> {
  if (onlyHelp(argv)) {
    process.stdout.write(helpText());
    return argv.length ? 0 : 2; // a bare `kartoteka` is a usage error, as index.ts answers it
  }
  const cli = await import('./index.ts');
  return cli.main(argv);
}
