// Generates the IT policy files from the one schema (shared/platform/policy-schema.ts):
//   build/policy/windows/posko.admx, en-US/ and id-ID/posko.adml (Group Policy)
//   build/policy/policy.schema.json, linux/policy.json, macos/policy.json
//   the policy table in docs/deployment.md (between the policy-table markers)
// Run: node --import tsx scripts/generate-policy-templates.mjs [--check]
// --check writes nothing: it regenerates in memory and exits 1 naming every file that
// differs from what is committed (tests/unit/policy-templates.test.ts runs it).
// POSKO_POLICY_ROOT points it at another checkout (the test's drift case).
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import {
  POLICY_TABLE_END,
  POLICY_TABLE_START,
  renderDocsTable,
  renderPolicyFiles,
} from '../shared/platform/policy-templates.ts';

const root =
  process.env.POSKO_POLICY_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const options = { ...(await prettier.resolveConfig(path.join(root, 'package.json'))) };

async function readOr(file, fallback) {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Prettier formats JSON and Markdown in this repository, so generated files are formatted the same way. */
async function format(file, text) {
  if (file.endsWith('.json')) return prettier.format(text, { ...options, parser: 'json' });
  return text;
}

const outputs = new Map();
for (const [rel, text] of Object.entries(renderPolicyFiles())) {
  const file = path.join(root, 'build', 'policy', rel);
  outputs.set(file, await format(file, text));
}

const docsFile = path.join(root, 'docs', 'deployment.md');
const docs = await readOr(docsFile, '');
const start = docs.indexOf(POLICY_TABLE_START);
const end = docs.indexOf(POLICY_TABLE_END);
if (start < 0 || end < start) {
  console.error(
    `docs/deployment.md has no policy-table markers (${POLICY_TABLE_START} ... ${POLICY_TABLE_END})`,
  );
  process.exit(1);
}
const table = (await prettier.format(renderDocsTable(), { ...options, parser: 'markdown' })).trim();
outputs.set(
  docsFile,
  `${docs.slice(0, start + POLICY_TABLE_START.length)}\n\n${table}\n\n${docs.slice(end)}`,
);

const drifted = [];
for (const [file, text] of outputs) {
  const current = await readOr(file, null);
  if (current === text) continue;
  drifted.push(path.relative(root, file));
  if (!check) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}
if (check && drifted.length > 0) {
  console.error(
    `generated policy files differ from shared/platform/policy-schema.ts: ${drifted.join(', ')}\n` +
      'run: node --import tsx scripts/generate-policy-templates.mjs',
  );
  process.exit(1);
}
console.log(drifted.length ? `wrote ${drifted.join(', ')}` : 'policy files are up to date');
