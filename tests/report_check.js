// Render report.html files in headless chromium through the DevTools
// protocol and fail on: a console error or uncaught exception, a chart
// missing or drawn in a zero-size box, a figure without a caption, or any
// request that is not the page's own file:// URL. Saves a screenshot of
// each page.
//   node tests/report_check.js CHROMIUM OUT_DIR REPORT.html...
// chromium speaks the protocol over --remote-debugging-pipe (fd 3 in, fd 4
// out, messages ended by NUL), so no npm package and no WebSocket are needed
// (Debian 12's node 18 has none).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [chromium, outDir, ...pages] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dcsim-chromium-'));
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--disable-default-apps', '--disable-extensions', '--metrics-recording-only',
	'--proxy-server=127.0.0.1:9', '--proxy-bypass-list=<-loopback>',
	'--user-data-dir=' + profile, '--remote-debugging-pipe', '--window-size=1100,900',
	'about:blank'];
const browser = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let failures = 0;
const fail = (page, msg) => { failures++; console.log(`report_check: ${page}: ${msg}`); };
const timer = setTimeout(() => { console.log('report_check: timed out'); finish(1); }, 60000);

function finish(code) {
	clearTimeout(timer);
	browser.done = true;
	const done = () => {
		try { fs.rmSync(profile, { recursive: true, force: true }); } catch (e) { /* best effort */ }
		process.exit(code);
	};
	if (browser.exitCode !== null || browser.signalCode !== null) return done();
	browser.once('exit', done);
	browser.kill('SIGKILL');
}

let stderr = '';
browser.stderr.on('data', (d) => { stderr += d; });
browser.on('exit', () => { if (!browser.done) { console.log('report_check: chromium exited\n' + stderr); finish(1); } });
run(client()).then(() => finish(failures ? 1 : 0), (e) => { console.log('report_check:', e); finish(1); });

function client() {
	const out = browser.stdio[3], inp = browser.stdio[4];
	let id = 0, buf = '';
	const waiting = new Map();
	const listeners = [];
	inp.on('data', (d) => {
		buf += d;
		let end;
		while ((end = buf.indexOf('\0')) >= 0) {
			const msg = JSON.parse(buf.slice(0, end));
			buf = buf.slice(end + 1);
			if (msg.id && waiting.has(msg.id)) {
				const { resolve, reject } = waiting.get(msg.id);
				waiting.delete(msg.id);
				msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
			} else {
				for (const l of listeners) l(msg);
			}
		}
	});
	return {
		send(method, params = {}, sessionId) {
			const m = { id: ++id, method, params };
			if (sessionId) m.sessionId = sessionId;
			out.write(JSON.stringify(m) + '\0');
			return new Promise((res, rej) => waiting.set(m.id, { resolve: res, reject: rej }));
		},
		on(l) { listeners.push(l); },
	};
}

// What the page must show, measured in the page after load.
const probe = `(() => {
	const figs = [...document.querySelectorAll('figure')];
	return JSON.stringify({
		figures: figs.length,
		bad: figs.map((f, i) => {
			const svg = f.querySelector('svg');
			const cap = f.querySelector('figcaption');
			const r = svg ? svg.getBoundingClientRect() : null;
			if (!svg) return i + ': no chart';
			if (!(r.width > 0 && r.height > 0)) return i + ': zero-size chart';
			if (!svg.querySelector('path, polyline, rect')) return i + ': empty chart';
			if (!cap || cap.textContent.trim().length < 20) return i + ': no caption';
			return null;
		}).filter(Boolean),
		scripts: document.querySelectorAll('script').length,
		height: document.documentElement.scrollHeight,
	});
})()`;

async function run(cdp) {
	for (const page of pages) {
		const file = 'file://' + path.resolve(page);
		const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
		const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
		let loaded;
		const load = new Promise((r) => { loaded = r; });
		cdp.on((m) => {
			if (m.sessionId !== sessionId) return;
			const p = m.params || {};
			if (m.method === 'Page.loadEventFired') loaded();
			if (m.method === 'Network.requestWillBeSent' && p.request.url !== file &&
			    !p.request.url.startsWith('data:'))
				fail(page, 'requested ' + p.request.url);
			if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
				fail(page, 'console error: ' + JSON.stringify(p.args.map((a) => a.value)));
			if (m.method === 'Runtime.exceptionThrown')
				fail(page, 'exception: ' + p.exceptionDetails.text);
			if (m.method === 'Log.entryAdded' && p.entry.level === 'error')
				fail(page, 'console error: ' + p.entry.text + ' ' + (p.entry.url || ''));
		});
		for (const d of ['Page', 'Runtime', 'Log', 'Network'])
			await cdp.send(d + '.enable', {}, sessionId);
		await cdp.send('Page.navigate', { url: file }, sessionId);
		await load;
		const { result } = await cdp.send('Runtime.evaluate', { expression: probe }, sessionId);
		const r = JSON.parse(result.value);
		if (r.figures === 0) fail(page, 'no figures');
		for (const b of r.bad) fail(page, 'figure ' + b);
		if (r.scripts) fail(page, 'the page has a script');
		const width = 1100, height = Math.min(r.height, 16000);
		await cdp.send('Emulation.setDeviceMetricsOverride',
			{ width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
		const shot = await cdp.send('Page.captureScreenshot',
			{ format: 'png', captureBeyondViewport: true }, sessionId);
		const name = path.join(outDir, page.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+/, '') + '.png');
		fs.writeFileSync(name, Buffer.from(shot.data, 'base64'));
		console.log(`report_check: ${page}: ${r.figures} figures, ${r.height} px, screenshot ${name}`);
		await cdp.send('Target.closeTarget', { targetId });
	}
}
