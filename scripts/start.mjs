#!/usr/bin/env node
// `npm start`: the sign-in service (apps/server, built) and the authenticator app
// (apps/authenticator/dist) in one process, until Ctrl-C stops both.
//
// One process means one signal handler: Ctrl-C closes the authenticator's server, lets the service
// finish its requests and close the database, then exits 0.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const repo = fileURLToPath(new URL('..', import.meta.url));
const serviceEntry = join(repo, 'apps/server/dist/index.js');
const appDist = join(repo, 'apps/authenticator/dist');
const japanese = /^ja/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');

const messages = {
  en: {
    notBuilt: (what) => `${what} is not built. Run "npm start" (it builds first) or "npm run build".`,
    badPort: (name, value) => `${name}: expected a port number from 0 to 65535, got "${value}".`,
    samePort: (port) => `PORT and AUTHENTICATOR_PORT are both ${port}; give them different values.`,
    portBusy: (name, port) =>
      `${name} ${port} is already in use; stop the other program or choose another port.`,
    cannotStart: (message) => `cannot start: ${message}`,
    running: 'Kakunin is running:',
    service: 'Sign-in service  ',
    app: 'Authenticator app',
    board: 'Example app      ',
    noBoard: (message) => `the example app (notice board) is not served: ${message}`,
    data: 'Data             ',
    admin: 'Administrator    ',
    newAdmin: (password) =>
      `user "admin", password ${password}\n                     (shown only this once and works once: sign in and choose your own)`,
    oldAdmin: 'user "admin" (password set on the first start)',
    stop: 'Press Ctrl-C to stop.',
    stopping: 'Stopping…',
    stopped: 'Stopped.',
    stopTimeout: 'did not stop within 15 seconds; stopping now.',
  },
  ja: {
    notBuilt: (what) =>
      `${what} がビルドされていません。「npm start」（先にビルドします）か「npm run build」を実行してください。`,
    badPort: (name, value) => `${name}: 0〜65535 のポート番号を指定してください（指定値: "${value}"）。`,
    samePort: (port) => `PORT と AUTHENTICATOR_PORT がどちらも ${port} です。別の値にしてください。`,
    portBusy: (name, port) =>
      `${name} ${port} は使用中です。使用中のプログラムを止めるか、別のポートを指定してください。`,
    cannotStart: (message) => `起動できません: ${message}`,
    running: 'Kakunin を起動しました:',
    service: 'サインインサービス',
    app: '認証アプリ        ',
    board: 'サンプルアプリ    ',
    noBoard: (message) => `サンプルアプリ（掲示板）は起動しません: ${message}`,
    data: 'データ            ',
    admin: '管理者            ',
    newAdmin: (password) =>
      `ユーザー名 "admin"、パスワード ${password}\n                     （表示はこの一度だけ、使えるのも一度だけです。サインインしてご自身のパスワードを決めてください）`,
    oldAdmin: 'ユーザー名 "admin"（パスワードは初回起動時に設定済み）',
    stop: '停止するには Ctrl-C を押してください。',
    stopping: '停止しています…',
    stopped: '停止しました。',
    stopTimeout: '15 秒以内に停止しなかったため、強制的に停止します。',
  },
};
const t = japanese ? messages.ja : messages.en;

/** Exit codes as the service's own command has them (78: a setting is wrong, restarting will not help);
 * the checks before the service is loaded need them too. */
const EXIT_FAILURE = 1;
const EXIT_CONFIG = 78;

function fail(message, exitCode = EXIT_FAILURE) {
  process.stderr.write(`kakunin: ${message}\n`);
  process.exit(exitCode);
}

/** Stops with the one line for `error` and the service's exit code for it. */
function failWith(error, portName, port) {
  fail(describe(error, portName, port), describeFailure(error).exitCode);
}

function readPort(name, fallback) {
  const text = (process.env[name] ?? '').trim();
  if (text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 65535) fail(t.badPort(name, text), EXIT_CONFIG);
  return Number(text);
}

/** The one line an operator needs: known start-up errors carry it; anything else its first line. */
function describe(error, portName, port) {
  if (error?.code === 'EADDRINUSE') return t.portBusy(portName, port);
  const message = String(error?.message ?? error).split('\n')[0];
  const known = ['BAD_CONFIG', 'DATABASE_UNAVAILABLE', 'KEY_FILE'].includes(error?.code);
  return known ? message : t.cannotStart(message);
}

// Parts of the service's start-up and shutdown wait on unreferenced handles; this timer keeps the
// process alive through start-up, until the listening servers do.
const startingUp = setInterval(() => {}, 60_000);

const appPort = readPort('AUTHENTICATOR_PORT', 3001);
if (!existsSync(serviceEntry)) fail(t.notBuilt('apps/server'));
if (!existsSync(join(appDist, 'index.html'))) fail(t.notBuilt('apps/authenticator'));

const { describeFailure, ensureExampleApp, loadConfig, startServer } = await import(serviceEntry);
// The authenticator's static server is TypeScript; tsx (installed by `npm ci`) loads it.
register();
const { startAuthenticatorServer } = await import('../apps/authenticator/serve/server.ts');

let config;
try {
  config = loadConfig();
} catch (error) {
  failWith(error);
}
if (config.port === appPort && appPort !== 0) fail(t.samePort(appPort), EXIT_CONFIG);

let service;
try {
  // While the database is not reachable yet, one line per attempt says so.
  service = await startServer(config, { log: (line) => process.stderr.write(`kakunin: ${line}\n`) });
} catch (error) {
  failWith(error, 'PORT', config.port);
}
let app;
try {
  const publicURL = process.env.AUTHENTICATOR_PUBLIC_URL?.trim() || undefined;
  app = await startAuthenticatorServer({ port: appPort, host: config.host, root: appDist, publicURL });
} catch (error) {
  await service.close();
  failWith(error, 'AUTHENTICATOR_PORT', appPort);
}

// The example notice board signs in through the service (OpenID Connect); registered on the first
// start. It is a demonstration: when it cannot start (port busy, PUBLIC_URL not reachable from here),
// the service runs without it.
const boardPort = readPort('EXAMPLE_PORT', 3002);
let board;
if (boardPort !== 0) {
  try {
    const boardURL = `http://localhost:${boardPort}`;
    const credentials = await ensureExampleApp(service.app.kakunin, boardURL);
    const { startNoticeBoard } = await import('../examples/notice-board/server.mjs');
    board = await startNoticeBoard({
      issuer: config.publicURL.origin,
      ...credentials,
      port: boardPort,
      host: config.host,
      publicURL: boardURL,
    });
  } catch (error) {
    process.stderr.write(`kakunin: ${t.noBoard(describe(error, 'EXAMPLE_PORT', boardPort))}\n`);
  }
}

const STOP_TIMEOUT_MS = 15_000;
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${t.stopping}\n`);
  // This timer keeps the process alive until both have closed, and ends it if closing hangs.
  const deadline = setTimeout(() => {
    process.stderr.write(`kakunin: ${t.stopTimeout}\n`);
    process.exit(1);
  }, STOP_TIMEOUT_MS);
  const results = await Promise.allSettled([app.close(), board?.close(), service.close()]);
  clearTimeout(deadline);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) process.stderr.write(`kakunin: ${describe(failure.reason)}\n`);
  process.stdout.write(`${t.stopped}\n`);
  process.exit(failure ? 1 : 0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);

const serviceURL =
  process.env.PUBLIC_URL?.trim() || `http://localhost:${new URL(service.url).port || config.port}`;
const database = config.databaseURL ? 'PostgreSQL (DATABASE_URL)' : `${config.dataDir} (SQLite)`;
const admin = service.generatedAdminPassword ? t.newAdmin(service.generatedAdminPassword) : t.oldAdmin;
process.stdout.write(
  [
    '',
    t.running,
    `  ${t.service}  ${serviceURL}`,
    `  ${t.app}  ${app.url}`,
    ...(board ? [`  ${t.board}  ${board.url}`] : []),
    `  ${t.data}  ${database}`,
    `  ${t.admin}  ${admin}`,
    '',
    t.stop,
    '',
  ].join('\n'),
);
clearInterval(startingUp);
