/* web/irqlab.js - the page: loads the ISO, the BIOS images and v86 (with progress), boots
 * irqlab, puts COM1 on an xterm.js terminal and COM2's viewer stream on the panels.
 * Everything is served from this directory (make web); after the first visit the service
 * worker (sw.js) serves it offline. */
(function () {
	"use strict";

	const $ = (id) => document.getElementById(id);
	const FILES = [                 /* [path, what it is, weight in the progress bar] */
		["irqlab.iso", "irqlab's ISO", 10],
		["v86/v86.wasm", "the v86 emulator", 2],
		["bios/bios.bin", "SeaBIOS", 1],
		["bios/vgabios-stdvga.bin", "the VGA BIOS", 1],
	];
	let emulator = null, files = null, mode = "apic", selftestRun = false;
	const term = new Terminal({ fontSize: 15, scrollback: 5000, convertEol: false,
				    fontFamily: '"DejaVu Sans Mono", Menlo, Consolas, monospace',
				    theme: { background: "#000000" } });
	/* The terminal takes as many columns and rows as its box holds (style.css sizes
	 * the box to the window), not xterm's fixed 80x24. */
	const fit = new FitAddon.FitAddon();
	term.loadAddon(fit);
	/* For the browser's console and tests/test_browser.py: the terminal, whose buffer
	 * holds what COM1 printed. */
	window.irqlab = Object.freeze({ terminal: term });
	const timeline = new IrqlabTimeline.Timeline($("timeline"), $("legend"));

	function status(text) {
		$("status").textContent = text;
	}

	function fail(what, err) {
		const box = $("error");
		box.hidden = false;
		box.textContent += `${what}: ${err && err.message ? err.message : err}\n`;
		status("Stopped: " + what);
	}
	window.addEventListener("error", (e) => fail("script error", e.message));
	window.addEventListener("unhandledrejection", (e) => fail("error", e.reason));

	/* Fetches every file, showing bytes as they arrive; names the one that failed. */
	async function loadFiles() {
		const total = FILES.reduce((a, f) => a + f[2], 0);
		let done = 0;
		const out = {};
		for (const [path, what, weight] of FILES) {
			status(`Loading ${what} (${path})…`);
			const r = await fetch(path);
			if (!r.ok)
				throw new Error(`${path}: HTTP ${r.status} ${r.statusText} (run make web again?)`);
			const size = Number(r.headers.get("content-length")) || 0;
			const reader = r.body.getReader(), parts = [];
			let got = 0;
			for (;;) {
				const { done: end, value } = await reader.read();
				if (end)
					break;
				parts.push(value);
				got += value.length;
				if (size)
					$("progress").value = (done + weight * Math.min(1, got / size)) / total;
			}
			const buf = new Uint8Array(got);
			let at = 0;
			for (const p of parts) {
				buf.set(p, at);
				at += p.length;
			}
			out[path] = buf.buffer;
			done += weight;
			$("progress").value = done / total;
		}
		return out;
	}

	/* The panels: a /proc table, with the cells that changed since the last
	 * snapshot lit up (they fade, as watch -d's do when the next one comes). */
	function showTable(id, lines, prev) {
		const t = IrqlabStream.parseTable(lines), table = $(id);
		const header = lines.length ? lines[0].trim().split(/\s+/) : [];
		let html = "<tr><th></th>" + header.map((h) => `<th>${h}</th>`).join("") + "<th></th></tr>";
		for (const r of t.rows) {
			const old = prev && prev.rows.find((p) => p.key === r.key);
			html += `<tr><td class="key">${r.key}:</td>` + r.cells.map((c, i) =>
				`<td class="n${old && old.cells[i] !== c ? " changed" : ""}">${c}</td>`).join("") +
				`<td>${r.rest.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</td></tr>`;
		}
		table.innerHTML = html;
		requestAnimationFrame(() => requestAnimationFrame(() => {
			for (const td of table.querySelectorAll("td.changed"))
				td.classList.remove("changed");     /* fades out (style.css) */
		}));
		return t;
	}

	const last = {};
	const parser = new IrqlabStream.StreamParser({
		file(path, lines) {
			const id = path === "/proc/interrupts" ? "interrupts" : "softirqs";
			last[id] = showTable(id, lines, last[id]);
		},
		thread(pid, comm) { timeline.threads[pid] = comm; },
		event(ev) { timeline.add(ev); },
		lost(cpu, n) { status(`timeline: ${n} events on CPU${cpu} were overwritten before they were read`); },
		bad(line) { console.warn("viewer stream: not of the format:", line); },
	});

	/* The selftest button's report: KTAP from COM1, a line per case. */
	let ktapLine = "";
	function ktap(ch) {
		if (ch !== "\n") {
			ktapLine += ch;
			return;
		}
		const line = ktapLine.replace(/\r$/, "");
		ktapLine = "";
		const m = /^\s*(not ok|ok) \d+ (\S+)(.*)$/.exec(line);
		const indented = /^\s+/.test(line);
		if (m && indented) {
			const li = document.createElement("li");
			const skip = /# SKIP/.test(m[3]);
			li.className = skip ? "skip" : m[1] === "ok" ? "ok" : "bad";
			li.textContent = `${skip ? "skip" : m[1]} ${m[2]}`;
			$("selftest-list").appendChild(li);
		}
		const end = /^# irqlab selftest: (\d+) failed case/.exec(line);
		if (end) {
			const s = $("selftest-summary"), n = $("selftest-list").children.length;
			s.className = end[1] === "0" ? "ok" : "bad";
			s.textContent = `${n} cases, ${end[1]} failed`;
			status("Selftest finished: " + s.textContent);
		}
	}

	async function start() {
		if (emulator)
			await emulator.destroy();
		term.reset();
		timeline.reset();
		for (const id of ["interrupts", "softirqs"]) {
			$(id).innerHTML = "";
			delete last[id];
		}
		$("selftest").hidden = !selftestRun;
		$("selftest-list").innerHTML = "";
		$("selftest-summary").textContent = "running…";
		$("mode").textContent = mode === "apic" ? "APIC mode (ACPI tables on)" : "8259 mode (no ACPI tables)";
		status(selftestRun ? "Booting to run the selftest…" : "Booting (GRUB, then irqlab)…");
		const wasm = files["v86/v86.wasm"];
		emulator = new V86(IrqlabBoot.options({
			wasm_fn: async (env) => (await WebAssembly.instantiate(wasm, env)).instance.exports,
			bios: { buffer: files["bios/bios.bin"] },
			vga_bios: { buffer: files["bios/vgabios-stdvga.bin"] },
			cdrom: { buffer: files["irqlab.iso"] },
			fda: { buffer: IrqlabBoot.optionsFloppy(selftestRun ? "selftest" : IrqlabBoot.WEB_OPTIONS) },
			acpi: mode === "apic",
			screen_container: $("screen"),
			disable_keyboard: false,
		}));
		emulator.keyboard_set_status(false);    /* the terminal has the keys */
		let prompt = false, tail = "";
		emulator.add_listener("serial0-output-byte", (b) => {
			const ch = String.fromCharCode(b);
			term.write(ch);
			if (selftestRun)
				ktap(ch);
			if (!prompt) {
				tail = (tail + ch).slice(-8);
				if (tail === "irqlab> ") {
					prompt = true;
					status("Ready: type in the terminal, or press a button");
				}
			}
		});
		emulator.add_listener("serial1-output-byte", (b) => parser.feed(String.fromCharCode(b)));
	}

	function send(line) {
		if (emulator)
			emulator.serial0_send(line + "\n");
	}

	const actions = {
		key: () => emulator.keyboard_send_scancodes([0x2a, 0xaa]),      /* Shift: IRQ 1, no character */
		mouse: () => emulator.bus.send("mouse-delta", [12, -8]),
		lothar: () => send("cat /dev/lothars_device"),
		divide: () => send("trigger divide"),
		int3: () => send("trigger int3"),
		pf: () => send("trigger pf"),
		pic: () => { mode = "pic"; selftestRun = false; start(); },
		apic: () => { mode = "apic"; selftestRun = false; start(); },
		selftest: () => { selftestRun = true; start(); },
	};

	async function main() {
		term.open($("terminal"));
		/* fits now (an observer's first call) and whenever the box changes size */
		new ResizeObserver(() => fit.fit()).observe($("terminal"));
		term.onData((d) => emulator && emulator.serial0_send(d));
		for (const b of document.querySelectorAll("#buttons button"))
			b.addEventListener("click", () => { actions[b.dataset.act](); term.focus(); });
		$("show-timer").addEventListener("change", (e) => { timeline.showTicks = e.target.checked; });
		$("pause").addEventListener("click", (e) => {
			timeline.paused = !timeline.paused;
			e.target.textContent = timeline.paused ? "resume" : "pause";
		});
		/* The PS/2 keyboard gets the keys only while the VGA screen has the focus. */
		$("screen").addEventListener("focus", () => emulator && emulator.keyboard_set_status(true));
		$("screen").addEventListener("blur", () => emulator && emulator.keyboard_set_status(false));
		$("screen").addEventListener("click", () => $("screen").focus());
		setInterval(() => { if (!timeline.paused) timeline.draw(); }, 100);
		if ("serviceWorker" in navigator)
			navigator.serviceWorker.register("sw.js").catch((e) =>
				console.warn("no offline copy:", e));
		try {
			files = await loadFiles();
			$("progress").hidden = true;
		} catch (e) {
			return fail("loading", e);
		}
		try {
			await start();
		} catch (e) {
			fail("starting v86", e);
		}
		term.focus();
	}

	main();
})();
