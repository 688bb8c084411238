/**
 * Adds the lockfile entries of other platforms' prebuilt binaries (optional dependencies such as
 * `@swc/core-darwin-arm64`) that npm could not record on this machine, so that `npm ci` accepts the
 * lockfile everywhere.
 *
 * Why: this workplace's registry mirror serves only Linux builds of some native packages, so
 * `npm install` here leaves their other-platform variants out of `package-lock.json`, and `npm ci`
 * then refuses the lockfile ("Missing: … from lock file"). Each missing entry gets the version its
 * parent pins and the `os`/`cpu`/`libc` its name states, so every platform skips the ones not meant
 * for it and fetches its own by name and version. Run after changing dependencies:
 *
 *   npx tsx scripts/complete-lockfile.ts
 */
import fs from 'node:fs';
import path from 'node:path';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  license?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

const OS = [
  'darwin',
  'win32',
  'linux',
  'freebsd',
  'android',
  'openharmony',
  'sunos',
  'aix',
  'netbsd',
  'openbsd',
];
const CPU: readonly [RegExp, string][] = [
  [/-(arm64|aarch64)(-|$)/, 'arm64'],
  [/-x64(-|$)/, 'x64'],
  [/-ia32(-|$)/, 'ia32'],
  [/-arm(-|$)/, 'arm'],
  [/-ppc64(le)?(-|$)/, 'ppc64'],
  [/-s390x(-|$)/, 's390x'],
  [/-riscv64(-|$)/, 'riscv64'],
  [/-loong64(-|$)/, 'loong64'],
  [/-wasm32(-|$)/, 'wasm32'],
];

/** The platform a binary package's name states, or null when it states none. */
export function platformOf(name: string): Pick<LockEntry, 'os' | 'cpu' | 'libc'> | null {
  const base = name.split('/').pop() ?? name;
  const os = OS.find((o) => new RegExp(`(^|-)${o}(-|$)`).test(base));
  const cpu = CPU.find(([re]) => re.test(`-${base}`))?.[1];
  if (!os || !cpu) return null;
  const libc = /musl/.test(base) ? ['musl'] : os === 'linux' && /gnu/.test(base) ? ['glibc'] : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

function main(): void {
  const file = path.resolve(__dirname, '../package-lock.json');
  const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
  const added: string[] = [];
  for (const [parentPath, parent] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(parent.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`;
      if (lock.packages[key] || lock.packages[`${parentPath}/node_modules/${name}`]) continue;
      const platform = platformOf(name);
      if (!platform) continue;
      const sibling = Object.entries(lock.packages).find(
        ([k]) => k.startsWith(`node_modules/${name.split('/')[0]}/`) && k !== key,
      )?.[1];
      lock.packages[key] = {
        version,
        ...(sibling?.dev ? { dev: true } : {}),
        ...(sibling?.license ? { license: sibling.license } : {}),
        optional: true,
        ...platform,
      };
      added.push(`${name}@${version}`);
    }
  }
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
  );
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  process.stderr.write(
    `added ${added.length} lockfile entries${added.length ? `: ${added.join(', ')}` : ''}\n`,
  );
}

main();
