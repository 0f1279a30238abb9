/* web/stream.js - reads irqlab's viewer stream (kernel/trace/trace_stream.c, on COM2
 * with `stream=ttyS1`; its format is in docs/web.md), a line at a time, and hands each
 * record to the page. The page (irqlab.js) and the node test (tools/web/run.mjs) use it
 * alike. A line that is not of the format is counted and shown, never dropped silently. */
(function (root) {
	"use strict";

	class StreamParser {
		/* on: { hello(fields), file(path, lines), thread(pid, comm), event(ev),
		 *       lost(cpu, n), bad(line) }, each optional. */
		constructor(on) {
			this.on = on;
			this.partial = "";
			this.file = null;       /* the snapshot being read: {path, want, lines} */
			this.bad = 0;
		}

		/* Bytes as they come off the port (a string of any length). */
		feed(text) {
			const parts = (this.partial + text).split("\n");
			this.partial = parts.pop();
			for (const raw of parts)
				this.line(raw.replace(/\r$/, ""));
		}

		call(name, ...args) {
			if (this.on[name])
				this.on[name](...args);
		}

		line(line) {
			if (this.file) {
				if (line[0] === "|") {
					this.file.lines.push(line.slice(1));
					if (this.file.lines.length === this.file.want) {
						this.call("file", this.file.path, this.file.lines);
						this.file = null;
					}
					return;
				}
				this.file = null;       /* cut short: what follows is read as itself */
				this.reject(line);
			}
			if (line === "")
				return;
			const sp = line.indexOf(" ");
			const kind = sp < 0 ? line : line.slice(0, sp), rest = line.slice(sp + 1);
			try {
				switch (kind) {
				case "S":
					return this.call("hello", rest.split(" "));
				case "P": {
					const at = rest.lastIndexOf(" ");
					const want = parseInt(rest.slice(at + 1), 10);
					if (at < 0 || !(want >= 0))
						return this.reject(line);
					this.file = { path: rest.slice(0, at), want, lines: [] };
					if (want === 0) {
						this.call("file", this.file.path, []);
						this.file = null;
					}
					return;
				}
				case "N": {
					const at = rest.indexOf(" ");
					return this.call("thread", parseInt(rest.slice(0, at), 10),
						rest.slice(at + 1));
				}
				case "T":
					return this.call("event", JSON.parse(rest));
				case "L": {
					const [cpu, n] = rest.split(" ").map(Number);
					return this.call("lost", cpu, n);
				}
				}
			} catch (e) {
				/* a JSON object the port garbled: counted below */
			}
			this.reject(line);
		}

		reject(line) {
			this.bad++;
			this.call("bad", line);
		}
	}

	/* /proc/interrupts or /proc/softirqs as rows of cells: {header: [...], rows:
	 * [{key, cells: [..counts], rest}]}, the first column the row's key ("11", "LOC",
	 * "TASKLET"), the per-CPU counts, then what follows them (chip, trigger, names). */
	function parseTable(lines) {
		const ncpu = lines.length ? lines[0].trim().split(/\s+/).length : 0;
		const rows = [];
		for (const l of lines.slice(1)) {
			const m = /^\s*([^:\s]+):(.*)$/.exec(l);
			if (!m)
				continue;
			const words = m[2].trim().split(/\s+/);
			const cells = [];
			while (cells.length < ncpu && words.length && /^\d+$/.test(words[0]))
				cells.push(words.shift());
			rows.push({ key: m[1], cells, rest: words.join(" ") });
		}
		return { ncpu, rows };
	}

	const api = { StreamParser, parseTable };
	if (typeof module !== "undefined" && module.exports)
		module.exports = api;
	else
		root.IrqlabStream = api;
})(this);
