/**
 * The local schema folder: its `.fsl` files (recursively, names relative to the folder
 * with `/` separators, as the schema API names them) and writing pulled files into it.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { SchemaFile } from '../../core/fauna/schema';

/** The core takes at most 1024 files (SchemaRequest.scala:31). */
const MAX_FILES = 1024;

/** Reads every `.fsl` file under `dir`, sorted by name. Throws when `dir` is not a folder. */
export async function readSchemaDir(dir: string): Promise<SchemaFile[]> {
  const out: SchemaFile[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) await walk(name);
      } else if (e.isFile() && e.name.endsWith('.fsl')) {
        if (out.length >= MAX_FILES)
          throw new Error(
            `more than ${MAX_FILES} .fsl files under ${dir}: Fauna takes at most ${MAX_FILES}`,
          );
        out.push({
          name,
          content: (await readFile(path.join(dir, name), 'utf8')).replace(/^\uFEFF/, ''),
        });
      }
    }
  };
  await walk('');
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Writes `files` under `dir` (creating folders); refuses a name that leaves `dir`. */
export async function writeSchemaFiles(dir: string, files: SchemaFile[]): Promise<void> {
  const root = path.resolve(dir);
  for (const f of files) {
    const target = path.resolve(root, f.name);
    if (target !== root && !target.startsWith(root + path.sep))
      throw new Error(`refusing to write ${f.name}: it is outside ${dir}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.content, 'utf8');
  }
}
