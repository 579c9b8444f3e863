// Electron main entry (bundled to dist/electron/main.cjs). Deliberately thin:
// see bootstrap.ts for the wiring and the neighbouring modules for each policy.
import { start } from './bootstrap';

start();
