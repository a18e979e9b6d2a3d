// The Node API, in Pagefind's shape: createIndex, then addDirectory and addRecord, then
// writeFiles. Each call answers `{ errors, … }` rather than throwing, so that a build script can
// report every problem at once. The work is the command's: writeFiles runs it once.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryPath } from './binary.js';

// The command's run: the prebuilt command as a child process, else the WASI build in a child
// Node (its output collected the same way).
function runCommand(args) {
  return new Promise((done) => {
    const binary = binaryPath();
    const [command, commandArgs] = binary === null
      ? [process.execPath, [fileURLToPath(new URL('../bin/sousuo.js', import.meta.url)), ...args]]
      : [binary, args];
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.stdout.resume();
    child.on('error', (error) => done({ errors: [`cannot run ${command}: ${error.message}`] }));
    child.on('close', (code) => done({ errors: code === 0 ? [] : [stderr.trim() || `sousuo exited with ${code}`], log: stderr }));
  });
}

class Index {
  #directory = null;
  #records = [];

  /** The built site to index (one folder: its HTML, Markdown, JSON Lines and .txt files). */
  async addDirectory({ path } = {}) {
    if (typeof path !== 'string' || !path) return { errors: ['addDirectory needs { path }: the built site\'s folder'] };
    if (this.#directory) return { errors: [`addDirectory: one folder per index, and ${this.#directory} was added`] };
    this.#directory = resolve(path);
    return { errors: [] };
  }

  /** One document that is not a file of the site: its URL, title and text (and id, date, tags). */
  async addRecord({ url, title, content, id, date, tags } = {}) {
    if (typeof content !== 'string') return { errors: ['addRecord needs { content }: the document\'s text'] };
    const record = { id: String(id ?? url ?? `record-${this.#records.length + 1}`), title: title ?? '', body: content };
    if (url != null) record.url = String(url);
    if (date != null) record.date = String(date);
    if (tags != null) record.tags = tags;
    this.#records.push(record);
    return { errors: [] };
  }

  /** Indexes what was added and writes the search into `outputPath` (default: the folder's sousuo/). */
  async writeFiles({ outputPath } = {}) {
    if (!this.#directory && !this.#records.length) return { errors: ['writeFiles: add a directory or a record first'] };
    const output = outputPath ? resolve(outputPath) : this.#directory && join(this.#directory, 'sousuo');
    if (!output) return { errors: ['writeFiles needs { outputPath } when no directory was added'] };
    const args = ['--output-path', output];
    if (this.#directory) args.push('--site', this.#directory);
    const scratch = await mkdtemp(join(tmpdir(), 'sousuo-records-'));
    try {
      if (this.#records.length) {
        const file = join(scratch, 'records.jsonl');
        await writeFile(file, `${this.#records.map((r) => JSON.stringify(r)).join('\n')}\n`);
        args.push('--records', file);
      }
      const { errors } = await runCommand(args);
      return { errors, outputPath: output };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

/** A new index to add a site and records to: `{ errors, index }`. */
export async function createIndex() {
  return { errors: [], index: new Index() };
}
