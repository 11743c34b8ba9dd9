#!/usr/bin/env node
import { createContext } from './context.js';
import { run } from './run.js';

// The `kakunin` executable: run with the process's arguments, streams and environment.
process.exitCode = await run(
  process.argv.slice(2),
  createContext({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, process.env),
);
