// tools/web/run.mjs - boots the web build (build/web/: its ISO, BIOS images, v86 and
// stream.js, the files the page loads) under node, with v86 as a library and no browser,
// and runs one scenario; prints what it saw as one JSON object for tests/test_web.py.
//
//   node tools/web/run.mjs build/web apic|pic|selftest [OPTIONS]
//
// apic/pic: boot in that mode (v86's ACPI tables on or off, as the page's buttons do),
// run commands on the console, press a key, move the mouse, raise IRQ 11, and collect
// the viewer stream (COM2). selftest: boot with "selftest" on the options floppy, as the
// page's button does, and read the KTAP report to its end; OPTIONS, if given, go on the
// floppy instead ("selftest=keyboard,stress" runs two suites).
import { createRequire } from "module";
import fs from "fs";
import path from "path";

const require = createRequire(import.meta.url);
const [dir, scenario, selftestArgs = "selftest"] = process.argv.slice(2);
const { StreamParser, parseTable } = require(path.resolve(dir, "stream.js"));
const boot = require(path.resolve(dir, "boot.js"));
const { V86 } = await import(path.resolve(dir, "v86/libv86.mjs"));

const file = (name) => new Uint8Array(fs.readFileSync(path.join(dir, name))).buffer;
const t0 = Date.now();
const seen = { scenario, console: "", stream: { files: {}, events: [], threads: {}, bad: [],
	lost: 0, hello: null }, steps: [] };

const emulator = new V86(boot.options({
	wasm_path: path.join(dir, "v86/v86.wasm"),
	bios: { buffer: file("bios/bios.bin") },
	vga_bios: { buffer: file("bios/vgabios-stdvga.bin") },
	cdrom: { buffer: file("irqlab.iso") },
	fda: { buffer: boot.optionsFloppy(scenario === "selftest" ? selftestArgs : boot.WEB_OPTIONS) },
	acpi: scenario !== "pic",
}));
const parser = new StreamParser({
	hello: (f) => { seen.stream.hello = f; },
	file: (p, lines) => { seen.stream.files[p] = lines; },
	thread: (pid, comm) => { seen.stream.threads[pid] = comm; },
	event: (ev) => { seen.stream.events.push(ev); },
	lost: (cpu, n) => { seen.stream.lost += n; },
	bad: (line) => { seen.stream.bad.push(line); },
});
emulator.add_listener("serial0-output-byte", (b) => { seen.console += String.fromCharCode(b); });
emulator.add_listener("serial1-output-byte", (b) => parser.feed(String.fromCharCode(b)));

// Waits for cond() to hold, checking as the emulator runs; fails after limit_s of host
// time (a bound on a hung run, not on the guest's speed).
function until(what, cond, limit_s = 240) {
	return new Promise((resolve, reject) => {
		const iv = setInterval(() => {
			if (cond()) {
				clearInterval(iv);
				seen.steps.push({ what, at_s: (Date.now() - t0) / 1000 });
				resolve();
			} else if (Date.now() - t0 > limit_s * 1000) {
				clearInterval(iv);
				reject(new Error("timed out waiting for " + what));
			}
		}, 50);
	});
}

// Types a command and returns what it printed, up to the next prompt.
async function command(line) {
	const from = seen.console.length;
	emulator.serial0_send(line + "\n");
	await until(line, () => seen.console.indexOf("irqlab> ", from + line.length) >= 0);
	const out = seen.console.slice(from, seen.console.indexOf("irqlab> ", from + line.length));
	return out.slice(out.indexOf("\n") + 1).replace(/\r/g, "");
}

function count(key) {
	const t = seen.stream.files["/proc/interrupts"];
	if (!t)
		return -1;
	const row = parseTable(t).rows.find((r) => r.key === key);
	return row ? row.cells.reduce((a, c) => a + Number(c), 0) : -1;
}

async function interactive() {
	await until("prompt", () => seen.console.includes("irqlab> "));
	seen.interrupts = await command("cat /proc/interrupts");
	seen.ps = await command("ps");
	await until("stream's /proc/interrupts", () => count("1") >= 0 && count("11") >= 0);
	const before = { key: count("1"), lothar: count("11"), mouse: count("12") };
	emulator.keyboard_send_scancodes([0x2a, 0xaa]);         // left Shift pressed and released: no character for the shell
	await until("IRQ 1 counted in the stream", () => count("1") >= before.key + 2);
	emulator.bus.send("mouse-delta", [20, 10]);
	await until("IRQ 12 counted in the stream", () => count("12") > before.mouse);
	seen.lothars = await command("cat /dev/lothars_device");
	if (scenario === "pic") {
		// the module's `int $0x3B` is Linux's ISA vector for IRQ 11, which the 8259
		// mode does not use: the notes' own "No irq handler" (tests/test_web.py);
		// the shell's raise goes through the 8259 instead
		// (the module's handler claims only what its read() raised: no tasklet then)
		seen.raise = await command("raise 11");
	}
	await until("IRQ 11 counted in the stream", () => count("11") === before.lothar + 1);
	if (scenario === "apic")
		await until("the tasklet's end in the stream", () => seen.stream.events.some(
		(e) => e.ph === "E" && e.name === "hello_interrupt_tasklet"));
	seen.divide = await command("trigger divide");
	seen.counts = { before, after: { key: count("1"), lothar: count("11"), mouse: count("12") } };
}

async function selftest() {
	await until("the KTAP report's end", () => /# irqlab selftest: \d+ failed case/.test(
		seen.console), 900);
}

try {
	await (scenario === "selftest" ? selftest() : interactive());
	seen.ok = true;
} catch (e) {
	seen.ok = false;
	seen.error = String(e);
}
seen.console_tail = seen.console.slice(-4000);
if (scenario !== "selftest")
	delete seen.console;
await emulator.destroy();
// exit once the pipe has taken it all: process.exit() drops what a pipe has not taken
// yet, and the selftest's console is far more than a pipe holds
process.stdout.write(JSON.stringify(seen) + "\n", () => process.exit(0));
