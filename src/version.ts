// The version shown by --version and in reports, read from package.json at build time (esbuild inlines it).
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
