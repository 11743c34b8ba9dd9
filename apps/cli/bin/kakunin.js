#!/usr/bin/env node
// The installed `kakunin` command runs the compiled and bundled CLI (`npm run build`, or
// `npm run build -w apps/cli`).
import '../dist/bundle/main.js';
