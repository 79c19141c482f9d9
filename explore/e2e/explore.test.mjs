// Browser test of rspec explore: start the server on a free loopback port,
// drive headless Chromium through an election to a leader and check the
// page, the URL, reload, back and forward, and the sequence diagram.
//
// RSPEC_BIN names the rspec binary (built by scripts/e2e.sh); CHROMIUM the
// browser (default /usr/bin/chromium); E2E_OUT where the screenshot goes
// (default ./out).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const bin = process.env.RSPEC_BIN || 'rspec';
const out = process.env.E2E_OUT || path.join(import.meta.dirname, 'out');
let server, base, context, page, profile;

// startServer runs `rspec explore` on port 0 and reads the URL it prints.
function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(bin, ['explore', '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const timer = setTimeout(() => reject(new Error('rspec explore printed no URL: ' + text)), 20000);
    server.stdout.on('data', (d) => {
      text += d;
      const m = /http:\/\/(127\.0\.0\.1:\d+)\//.exec(text);
      if (m) { clearTimeout(timer); resolve('http://' + m[1] + '/'); }
    });
    server.stderr.on('data', (d) => { text += d; });
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error('rspec explore exited ' + code + ': ' + text)); });
  });
}

before(async () => {
  base = await startServer();
  profile = mkdtempSync(path.join(tmpdir(), 'rspec-e2e-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 1100 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15000);
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill('SIGINT');
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// ready waits until the page has rendered the state at path.
async function ready(p) {
  await page.waitForFunction((want) => document.body.dataset.ready === want, p);
}

async function clickAction(prefix, channel) {
  const btn = page.locator(`button.act[data-label^="${prefix}"][data-label$="${channel})"]`);
  assert.equal(await btn.count(), 1, `one enabled action ${prefix}…${channel}`);
  await btn.click();
}

// elect takes s0, which has timed out, through its pre-vote and election
// with s1's votes.
async function elect() {
  await clickAction('Deliver(PreVoteRequest', 's0->s1');
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 2);
  await clickAction('Deliver(PreVoteResponse', 's1->s0');
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 3);
  assert.equal(await page.locator('.node[data-node="s0"]').getAttribute('data-role'), 'Candidate');
  await clickAction('Deliver(VoteRequest', 's0->s1');
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 4);
  await clickAction('Deliver(VoteResponse', 's1->s0');
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 5);
}

test('an election to a leader, step by step', async () => {
  await page.goto(base);
  await ready('');
  assert.equal(await page.locator('.node').count(), 3, 'three node cards');
  assert.equal(await page.locator('.node[data-role="Leader"]').count(), 0, 'no leader at first');
  assert.equal(await page.locator('#diagram svg g.msg').count(), 0, 'no messages at first');

  await page.locator('button.act[data-label="Timeout(s0)"]').click();
  await ready('0');
  assert.equal(await page.locator('.node[data-node="s0"]').getAttribute('data-role'), 'PreCandidate');
  assert.equal(await page.locator('#network li').count(), 2, 'two PreVoteRequests in flight');

  await elect();

  const leader = page.locator('.node[data-node="s0"]');
  assert.equal(await leader.getAttribute('data-role'), 'Leader');
  assert.equal((await leader.locator('.badge').textContent()).trim(), 'Leader');
  assert.equal(await page.locator('#props li[data-prop="LeaderElected"]').getAttribute('data-status'), 'reached');
  assert.equal(await page.locator('#props li[data-prop="ElectionSafety"]').getAttribute('data-status'), 'holds');

  // The diagram: four delivered messages with arrowheads, messages still in
  // flight, the timeout and the election marker.
  const arrows = await page.locator('#diagram svg g.msg:not(.inflight) line[marker-end]').count();
  assert.equal(arrows, 4, 'pre-vote and vote request and response arrows');
  assert.ok(await page.locator('#diagram svg g.msg.inflight').count() >= 1, 'messages in flight drawn');
  assert.equal(await page.locator('#diagram svg g.mark.leader').count(), 1, 'leader marker');
  assert.match(await page.locator('#diagram svg g.mark.leader').textContent(), /Leader t1/);
  assert.equal(await page.locator('#diagram svg g.step').count(), 6, 'Init and five steps');

  const hash = new URL(page.url()).hash;
  assert.match(hash, /^#path=0(\/\d+){4}$/);
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'screenshot.png'), fullPage: true });

  // Reload reproduces the state from the URL.
  await page.reload();
  await ready(hash.slice('#path='.length));
  assert.equal(await page.locator('.node[data-node="s0"]').getAttribute('data-role'), 'Leader');

  // Back undoes the last step, Forward redoes it; the browser's back works too.
  await page.locator('#back').click();
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 4);
  assert.equal(await page.locator('.node[data-node="s0"]').getAttribute('data-role'), 'Candidate');
  await page.locator('#fwd').click();
  await ready(hash.slice('#path='.length));
  assert.equal(await page.locator('.node[data-node="s0"]').getAttribute('data-role'), 'Leader');
  await page.goBack();
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 4);

  // Clicking the diagram's first row goes back to the initial state.
  await page.locator('#diagram svg g.step[data-step="0"]').click();
  await ready('');
  assert.equal(await page.locator('.node[data-role="Leader"]').count(), 0);
});

test('a client request committed by clicking', async () => {
  // Elect s0 as in the test above, by clicking.
  await page.goto(base);
  await ready('');
  await page.locator('button.act[data-label="Timeout(s0)"]').click();
  await ready('0');
  await elect();

  // s1 takes the new leader's probe, which carries its no-op entry, and
  // acknowledges it: the no-op commits, and the leader replicates to s1.
  await clickAction('Deliver(LogRequest', 's0->s1');
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 6);
  await clickAction('Deliver(LogResponse', 's1->s0');
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 7);

  // The leader takes a value, replicates it to s1 and counts s1's ack.
  await page.locator('button.act[data-label="ClientRequest(s0, v0)"]').click();
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 8);
  const withEntry = page.locator('button.act[data-label^="Deliver(LogRequest"][data-label*="suffix: [{term: 1, value: v0}]"][data-label$="s0->s1)"]');
  assert.equal(await withEntry.count(), 1, 'one LogRequest carrying the entry to s1');
  await withEntry.click();
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 9);
  const ack = page.locator('button.act[data-label^="Deliver(LogResponse"][data-label*="ack: 2"][data-label$="s1->s0)"]');
  assert.equal(await ack.count(), 1, 'one acknowledgement of the entry');
  await ack.click();
  await page.waitForFunction(() => document.body.dataset.ready.split('/').length === 10);

  assert.equal(await page.locator('#props li[data-prop="EntryCommitted"]').getAttribute('data-status'), 'reached');
  assert.equal(await page.locator('#props li[data-prop="StateMachineSafety"]').getAttribute('data-status'), 'holds');
  const commit = page.locator('#diagram svg g.mark.commit');
  assert.ok(await commit.count() >= 1, 'a commit marker in the diagram');
  assert.match(await commit.last().textContent(), /commit 2/);
  assert.equal(await page.locator('#diagram svg g.step').count(), 11, 'Init and ten steps');
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'commit.png'), fullPage: true });
});

test('a bad path shows an error', async () => {
  await page.goto(base + '#path=0/99');
  await ready('error');
  const msg = await page.locator('#error').textContent();
  assert.match(msg, /action 99 out of range/);
});

test('the checker finds an example to jump to', async () => {
  await page.goto(base);
  await ready('');
  await page.locator('#cdepth').fill('6');
  await page.locator('#compute').click();
  const jump = page.locator('#traces li', { hasText: 'LeaderElected' }).locator('button');
  await jump.waitFor();
  await jump.click();
  await page.waitForFunction(() => (document.body.dataset.ready || '').split('/').length === 5);
  assert.equal(await page.locator('.node[data-role="Leader"]').count(), 1);
});
