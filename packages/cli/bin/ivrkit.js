#!/usr/bin/env node
// The installed `ivrkit` command: the compiled CLI. (Inside the repository, `pnpm ivrkit` runs the TypeScript
// source through tsx instead, so nothing needs building there.)
import '../dist/main.js';
