#!/usr/bin/env node
import { createContext } from './context.js';
import { run } from './run.js';

// The `kakunin` executable: run with the process's arguments, streams and environment. Node makes a
// standard stream when it is first read from `process`, loading the modules for its kind (a pipe, a
// terminal, a file), and the context reads them only when used: `kakunin code` never makes standard
// input, nor standard error unless it has something to say.
process.exitCode = await run(process.argv.slice(2), createContext(process, process.env));
