// Flat config. The import-boundary rules below are the process boundaries of
// the product: shared/ runs everywhere, renderer/ runs in a sandboxed page,
// electron/ is the thin privileged shell. tests/unit/lint-boundaries.test.ts
// proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const electronBan = {
  name: 'electron',
  message: 'Only electron/ may import electron; use the platform bridge (shared/platform).',
};

const rendererPatterns = [
  {
    group: ['**/server/**', '**/electron/**'],
    message: 'renderer/ talks to the server over HTTP and to the shell through the bridge only.',
  },
  { group: ['better-sqlite3', 'pg', 'fastify'], message: 'server-only module in renderer/.' },
];

// Components reach the data through React context (useRepository() in
// features/sync/sync-context.tsx); only the composition root builds it.
const instanceBan = {
  group: ['**/db/instance'],
  message:
    'Only renderer/main.tsx (the composition root) imports db/instance; components call useRepository().',
};

const rendererPaths = [
  electronBan,
  ...nodeBuiltins.map((name) => ({
    name,
    message: 'renderer/ runs sandboxed: no Node builtins; ask the platform bridge.',
  })),
];

export const boundaryRules = {
  shared: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          electronBan,
          ...nodeBuiltins.map((name) => ({
            name,
            message: 'shared/ must run in browser, Electron and Node: no Node builtins.',
          })),
        ],
        patterns: [
          {
            group: ['react', 'react-dom', 'dexie', 'zustand', 'fastify', 'better-sqlite3', 'pg'],
            message: 'shared/ holds pure code only.',
          },
          {
            group: ['**/renderer/**', '**/server/**', '**/electron/**'],
            message: 'shared/ must not depend on a process.',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      ...[
        'window',
        'document',
        'navigator',
        'localStorage',
        'sessionStorage',
        'indexedDB',
        'location',
        'HTMLElement',
        'process',
        'Buffer',
        '__dirname',
        'require',
      ].map((name) => ({
        name,
        message: 'shared/ must not touch DOM or Node globals.',
      })),
    ],
  },
  renderer: {
    'no-restricted-imports': [
      'error',
      { paths: rendererPaths, patterns: [...rendererPatterns, instanceBan] },
    ],
  },
  rendererRoot: {
    'no-restricted-imports': ['error', { paths: rendererPaths, patterns: rendererPatterns }],
  },
  // The storage layer (every local write) sits below the sync engine: renderer/sync/ imports
  // renderer/db/, never the reverse, so there is no import cycle between the two (issue 15).
  // A second no-restricted-imports would replace the renderer one, so this repeats its lists.
  rendererDb: {
    'no-restricted-imports': [
      'error',
      {
        paths: rendererPaths,
        patterns: [
          ...rendererPatterns,
          {
            group: ['../sync', '../sync/*', '**/renderer/sync/**'],
            message:
              'renderer/db/ is the storage layer below renderer/sync/: the engine imports it, never the reverse.',
          },
        ],
      },
    ],
  },
  electron: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'dexie', 'zustand'],
            message: 'electron/ stays thin: no UI or storage libraries.',
          },
          {
            group: ['**/renderer/**', '**/server/**'],
            message: 'electron/ must not reach into renderer/ or server/.',
          },
          { group: ['better-sqlite3', 'pg'], message: 'The desktop app carries no native module.' },
        ],
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.tsbuild/**',
      'data/**',
      'coverage/**',
      'tests/e2e/.artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  { files: ['shared/**/*.ts'], rules: boundaryRules.shared },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...boundaryRules.renderer,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  { files: ['renderer/db/**/*.ts'], rules: boundaryRules.rendererDb },
  { files: ['renderer/main.tsx'], rules: boundaryRules.rendererRoot },
  { files: ['electron/**/*.ts'], languageOptions: { globals: globals.node }, rules: boundaryRules.electron },
  {
    files: [
      'server/**/*.ts',
      'tests/**/*.{ts,tsx}',
      'scripts/**/*.{js,mjs}',
      '*.{js,ts}',
      'renderer/vite.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
);
