// Which `sousuo` command runs: SOUSUO_BINARY_PATH when set, else the prebuilt one of this
// platform's package (an optional dependency, so that npm installs only the one that fits), else
// the WASI build that this package carries (lib/wasi.js; also when SOUSUO_FORCE_WASI=1).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Platform and architecture, as Node names them, to the package that carries the command.
const PLATFORM_PACKAGES = {
  'linux-x64': '@sousuo/linux-x64',
};

/** The prebuilt command's path, or null when the WASI build is to run instead. */
export function binaryPath() {
  if (process.env.SOUSUO_BINARY_PATH) return process.env.SOUSUO_BINARY_PATH;
  if (process.env.SOUSUO_FORCE_WASI === '1') return null;
  const name = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!name) return null;
  try {
    return require.resolve(`${name}/bin/sousuo`);
  } catch {
    // The optional dependency did not install (an offline install, --no-optional): WASI runs.
    return null;
  }
}
