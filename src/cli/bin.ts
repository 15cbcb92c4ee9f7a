/**
 * The `optimizer-lab` command (dist/cli.js): runs the CLI bundle (dist/cli-main.js) through V8's
 * code cache (dist/cli-main.cache, written by the build), so start-up skips compiling about 1 MB of
 * JavaScript. A cache that does not fit (another Node version) is rejected by V8, one older than the
 * bundle is not read, and then the bundle compiles as usual; a missing one changes nothing either.
 * `OPTIMIZER_LAB_WRITE_CODE_CACHE=1` writes the cache when the command ends (the build does this
 * after a `gradient` run, so the functions that run then are in it too).
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
if (process.env.OPTIMIZER_LAB_WRITE_CODE_CACHE === '1') process.once('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
type ModuleFunction = (exports: unknown, req: NodeRequire, mod: NodeModule, filename: string, dirname: string) => void;
(script.runInThisContext() as ModuleFunction)(module.exports, require, module, file, __dirname);
