#!/usr/bin/env node
// The installed `kakunin` command runs the compiled CLI (build with `npx tsc -b apps/cli`).
import '../dist/main.js';
