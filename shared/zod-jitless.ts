// Imported FIRST by every web entry (renderer/main.tsx, the Electron preload), before any zod
// schema exists: zod otherwise probes `new Function('')` while building schemas, which our CSP
// (no 'unsafe-eval') refuses and reports as a violation. The JIT is not needed for our sizes.
import { z } from 'zod';

z.config({ jitless: true });
