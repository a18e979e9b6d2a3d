// Which `sousuo` command runs: SOUSUO_BINARY_PATH when set, else the prebuilt one of this
// platform's package (an optional dependency, so that npm installs only the one that fits).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Platform and architecture, as Node names them, to the package that carries the command.
const PLATFORM_PACKAGES = {
  'linux-x64': '@sousuo/linux-x64',
};

/** The command's path, or throws saying why there is none here. */
export function binaryPath() {
  if (process.env.SOUSUO_BINARY_PATH) return process.env.SOUSUO_BINARY_PATH;
  const platform = `${process.platform}-${process.arch}`;
  const name = PLATFORM_PACKAGES[platform];
  if (name) {
    try {
      return require.resolve(`${name}/bin/sousuo`);
    } catch {
      throw new Error(`sousuo: the package ${name} is not installed; install it (npm install ${name}) or set SOUSUO_BINARY_PATH to a sousuo command`);
    }
  }
  throw new Error(`sousuo: no prebuilt command for ${platform} in this release (there is one for ${Object.keys(PLATFORM_PACKAGES).join(', ')}); build it from a checkout (./x engines) and set SOUSUO_BINARY_PATH to target/cli/sousuo`);
}
