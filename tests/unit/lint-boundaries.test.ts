// Proves each process-boundary rule of eslint.config.js fires on a bad import,
// and stays quiet on a good one, by linting in-memory sources at paths inside
// each process folder.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const cases: [string, string, string, string][] = [
  [
    'shared/ importing electron',
    'shared/probe.ts',
    "import { app } from 'electron';\nexport const x = app;\n",
    'no-restricted-imports',
  ],
  [
    'shared/ importing a node builtin',
    'shared/probe.ts',
    "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    'no-restricted-imports',
  ],
  [
    'shared/ importing fs without prefix',
    'shared/probe.ts',
    "import fs from 'fs';\nexport const x = fs;\n",
    'no-restricted-imports',
  ],
  [
    'shared/ touching the DOM',
    'shared/probe.ts',
    'export const x = document.title;\n',
    'no-restricted-globals',
  ],
  [
    'shared/ importing React',
    'shared/probe.ts',
    "import { useState } from 'react';\nexport const x = useState;\n",
    'no-restricted-imports',
  ],
  [
    'renderer/ importing electron',
    'renderer/probe.ts',
    "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
    'no-restricted-imports',
  ],
  [
    'renderer/ importing a node builtin',
    'renderer/probe.ts',
    "import path from 'node:path';\nexport const x = path;\n",
    'no-restricted-imports',
  ],
  [
    'renderer/ reaching into server/',
    'renderer/probe.ts',
    "import { x } from '../server/app';\nexport const y = x;\n",
    'no-restricted-imports',
  ],
  [
    'renderer/db/ importing renderer/sync/ (the storage layer sits below the engine: no cycle)',
    'renderer/db/probe.ts',
    "import { SyncEngine } from '../sync/engine';\nexport const x = SyncEngine;\n",
    'no-restricted-imports',
  ],
  [
    'renderer/db/ still under the renderer rules',
    'renderer/db/probe.ts',
    "import path from 'node:path';\nexport const x = path;\n",
    'no-restricted-imports',
  ],
  [
    'a component importing the db/instance singleton (components use useRepository())',
    'renderer/features/cases/probe.tsx',
    "import { getRepository } from '../../db/instance';\nexport const x = getRepository;\n",
    'no-restricted-imports',
  ],
  [
    'electron/ importing React',
    'electron/probe.ts',
    "import { useState } from 'react';\nexport const x = useState;\n",
    'no-restricted-imports',
  ],
  [
    'electron/ importing Dexie',
    'electron/probe.ts',
    "import Dexie from 'dexie';\nexport const x = Dexie;\n",
    'no-restricted-imports',
  ],
];

describe('import boundaries', () => {
  it.each(cases)('%s is an error', async (_name, filePath, code, rule) => {
    expect(await ruleIds(filePath, code)).toContain(rule);
  });

  it('allows what each process may use', async () => {
    expect(await ruleIds('shared/probe.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
    expect(
      await ruleIds('renderer/probe.ts', "import Dexie from 'dexie';\nexport const x = Dexie;\n"),
    ).toEqual([]);
    expect(
      await ruleIds('electron/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"),
    ).toEqual([]);
    expect(await ruleIds('server/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toEqual([]);
    // The composition root alone builds the database and repository.
    expect(
      await ruleIds(
        'renderer/main.tsx',
        "import { getRepository } from './db/instance';\nexport const x = getRepository;\n",
      ),
    ).toEqual([]);
    // shared/sync is not renderer/sync; and the engine may import the storage layer.
    expect(
      await ruleIds(
        'renderer/db/probe.ts',
        "import { diff } from '../../shared/sync/paths';\nexport const x = diff;\n",
      ),
    ).toEqual([]);
    expect(
      await ruleIds(
        'renderer/sync/probe.ts',
        "import { PoskoDb } from '../db/database';\nexport const x = PoskoDb;\n",
      ),
    ).toEqual([]);
  });
});

// The rule above proves a probe is refused; this proves the tree as it is: no file of
// renderer/db/ imports one of renderer/sync/, so the two folders form no cycle (issue 15).
describe('renderer/db/ and renderer/sync/', () => {
  it('have no import cycle: nothing in renderer/db/ imports renderer/sync/', () => {
    const dir = path.join(process.cwd(), 'renderer/db');
    const offenders = fs
      .readdirSync(dir)
      .filter((name) => /\.tsx?$/.test(name))
      .flatMap((name) => {
        const source = fs.readFileSync(path.join(dir, name), 'utf8');
        const specifiers = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)];
        return specifiers
          .map((m) => m[1] ?? m[2] ?? '')
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => path.relative(process.cwd(), path.resolve(dir, spec)))
          .filter((target) => target === 'renderer/sync' || target.startsWith('renderer/sync/'))
          .map((target) => `${name} -> ${target}`);
      });
    expect(offenders).toEqual([]);
  });
});
