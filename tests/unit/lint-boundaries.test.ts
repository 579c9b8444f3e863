// Proves each process-boundary rule of eslint.config.js fires on a bad import,
// and stays quiet on a good one, by linting in-memory sources at paths inside
// each process folder.
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
  });
});
