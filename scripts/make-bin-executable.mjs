#!/usr/bin/env node
// After `tsc`: marks the package's bin executable, as `npm install` does for a published package.
// A fresh clone builds dist in `npm ci` (prepare), after npm has linked bins, so without this
// `npx os1-mock` would answer "Permission denied" there.
import { chmodSync, readFileSync } from 'node:fs';

const { bin } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
for (const path of Object.values(bin)) chmodSync(new URL(`../${path}`, import.meta.url), 0o755);
