#!/usr/bin/env node
// Runs the notice board on its own against a Kakunin service:
//   KAKUNIN_URL=https://sign-in.example.com CLIENT_ID=… CLIENT_SECRET=… PORT=3002 node main.mjs
// (`npm start` at the repository root starts it next to the service and registers it by itself.)
import { startNoticeBoard } from './server.mjs';

const { KAKUNIN_URL, CLIENT_ID, CLIENT_SECRET, PORT, PUBLIC_URL } = process.env;
if (!KAKUNIN_URL || !CLIENT_ID || !CLIENT_SECRET) {
  process.stderr.write(
    'notice-board: set KAKUNIN_URL, CLIENT_ID and CLIENT_SECRET (Administrator console → Applications).\n',
  );
  process.exit(1);
}
const board = await startNoticeBoard({
  issuer: KAKUNIN_URL,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  port: Number(PORT ?? 3002),
  publicURL: PUBLIC_URL,
});
process.stdout.write(`Notice board on ${board.url}\n`);
