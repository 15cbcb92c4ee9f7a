/**
 * The `optimizer-lab` command (dist/cli.js): runs the CLI bundle (dist/cli-main.js) through V8's
 * code cache (dist/cli-main.cache, written by the build), so start-up skips compiling about 1 MB of
 * JavaScript. A cache that does not fit (another Node version) is rejected by V8, one older than the
 * bundle is not read, and then the bundle compiles as usual; a missing one changes nothing either.
 * `OPTIMIZER_LAB_WRITE_CODE_CACHE=1` writes the cache when the command ends, so the functions that
 * ran are in it too; set to a JSON list of command lines instead, it also runs those first (their
 * output dropped). The build runs `gradient` and a one-update `run` this way: the functions both
 * commands compile at start-up come from the cache.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';

const file = path.join(__dirname, 'cli-main.js');
const cacheFile = path.join(__dirname, 'cli-main.cache');
const source = fs.readFileSync(file, 'utf8');
// V8 checks a cache against the source's length only, so one older than the bundle is not used.
const fresh = fs.existsSync(cacheFile) && fs.statSync(cacheFile).mtimeMs >= fs.statSync(file).mtimeMs;
const cachedData = fresh ? fs.readFileSync(cacheFile) : undefined;
// The same wrapper Node puts around a CommonJS module; `module` is this one, so the bundle's
// `require.main === module` holds and it runs as the command.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
const writeCache = process.env.OPTIMIZER_LAB_WRITE_CODE_CACHE;
if (writeCache) process.once('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
type ModuleFunction = (exports: unknown, req: NodeRequire, mod: NodeModule, filename: string, dirname: string) => void;
(script.runInThisContext() as ModuleFunction)(module.exports, require, module, file, __dirname);
if (writeCache && writeCache !== '1') void warmUp(JSON.parse(writeCache) as string[][]);

/** Runs each command line through the bundle's `main`, one after the other, output dropped. */
async function warmUp(commands: string[][]): Promise<void> {
  const { main } = module.exports as { main(argv: string[], io: object): Promise<number> };
  const io = { out: () => undefined, err: () => undefined, writeFile: () => undefined, readFile: (p: string) => fs.readFileSync(p, 'utf8') };
  for (const argv of commands) await main(argv, io);
}
