/* web/timeline.js - the live timeline: the viewer stream's trace events (Chrome
 * trace-event objects, the same `trace dump` prints) drawn as lanes per CPU: hard IRQ,
 * softirq, tasklet, and a lane for each thread that runs a work item or a threaded
 * handler. The newest event is at the right edge; the last WINDOW_US of guest time show. */
(function (root) {
	"use strict";

	const WINDOW_US = 2e6;
	const KEEP = 20000;                     /* spans and instants kept, newest */
	const LANE_H = 20, LABEL_W = 150;
	const COLORS = { hardirq: "#ff7043", softirq: "#42a5f5", tasklet: "#66bb6a",
			 work: "#ab47bc", thread: "#26c6da", exception: "#ff6b6b", mark: "#8b93a5" };

	function isTick(name) {
		return /local timer$/.test(name) || name === "IRQ 0 timer";
	}

	class Timeline {
		constructor(canvas, legend) {
			this.canvas = canvas;
			this.threads = {};
			this.showTicks = false;
			this.paused = false;
			this.reset();
			if (legend)
				legend.innerHTML = Object.entries(COLORS).map(([k, c]) =>
					`<span><i style="background:${c}"></i>${k}</span>`).join("");
		}

		reset() {
			this.spans = [];
			this.instants = [];
			this.open = new Map();
			this.now = 0;
		}

		laneOf(ev) {
			if (ev.tid === 1) return { key: ev.pid + ":1", label: `CPU${ev.pid} hard IRQ`, order: 1 };
			if (ev.tid === 2) return { key: ev.pid + ":2", label: `CPU${ev.pid} softirq`, order: 2 };
			if (ev.tid === 3) return { key: ev.pid + ":3", label: `CPU${ev.pid} tasklet`, order: 3 };
			const pid = ev.tid - 100;
			return { key: ev.pid + ":" + ev.tid, order: 4 + pid / 1e4,
				 label: `CPU${ev.pid} ${this.threads[pid] || "pid " + pid}` };
		}

		kind(ev) {
			if (ev.tid === 1) return "hardirq";
			if (ev.tid === 2) return "softirq";
			if (ev.tid === 3) return "tasklet";
			if (/^exception/.test(ev.name)) return "exception";
			if (ev.ph === "i") return "mark";
			return ev.args && ev.args.work ? "work" : "thread";
		}

		add(ev) {
			if (ev.ph === "M" || ev.name === "running")
				return;                 /* context switches: the lanes say who ran */
			if (!this.showTicks && isTick(ev.name))
				return;
			const ts = Number(ev.ts);
			this.now = Math.max(this.now, ts);
			const lane = this.laneOf(ev), key = lane.key + "|" + ev.name;
			if (ev.ph === "B") {
				this.open.set(key, ts);
			} else if (ev.ph === "E") {
				const start = this.open.has(key) ? this.open.get(key) : ts;
				this.open.delete(key);
				this.spans.push({ lane, start, end: ts, name: ev.name, kind: this.kind(ev) });
				if (this.spans.length > KEEP)
					this.spans.splice(0, this.spans.length - KEEP);
			} else {
				this.instants.push({ lane, ts, name: ev.name, kind: this.kind(ev) });
				if (this.instants.length > KEEP)
					this.instants.splice(0, this.instants.length - KEEP);
			}
		}

		draw() {
			const c = this.canvas, g = c.getContext("2d");
			const from = this.now - WINDOW_US;
			const spans = this.spans.filter((s) => s.end >= from);
			const instants = this.instants.filter((i) => i.ts >= from);
			const lanes = new Map();
			for (const x of spans.concat(instants))
				lanes.set(x.lane.key, x.lane);
			const order = [...lanes.values()].sort((a, b) => a.key.split(":")[0] - b.key.split(":")[0] || a.order - b.order);
			const h = Math.max(160, 24 + order.length * LANE_H);
			/* Drawn at the size it is shown (CSS pixels times the screen's density), so
			 * the labels are not scaled down with the canvas when the column is narrow. */
			const w = c.clientWidth || c.width, dpr = root.devicePixelRatio || 1;
			if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
				c.width = Math.round(w * dpr);
				c.height = Math.round(h * dpr);
				c.style.height = h + "px";
			}
			g.setTransform(dpr, 0, 0, dpr, 0, 0);
			const plot = w - LABEL_W;
			const x = (t) => LABEL_W + ((t - from) / WINDOW_US) * plot;
			g.fillStyle = "#0d0f13";
			g.fillRect(0, 0, w, h);
			g.font = "12px monospace";
			g.textBaseline = "middle";
			const row = new Map(order.map((l, i) => [l.key, 20 + i * LANE_H]));
			order.forEach((l, i) => {
				g.fillStyle = i % 2 ? "#12151b" : "#161a21";
				g.fillRect(0, 20 + i * LANE_H, w, LANE_H);
				g.fillStyle = "#8b93a5";
				g.fillText(l.label.slice(0, 21), 4, 20 + i * LANE_H + LANE_H / 2);
			});
			for (let s = 0; s <= 4; s++) {  /* the time axis: 0.5 s a step */
				const t = this.now - s * WINDOW_US / 4, xx = x(t);
				g.fillStyle = "#2c3140";
				g.fillRect(xx, 14, 1, h);
				g.fillStyle = "#8b93a5";
				g.fillText(s ? `-${(s * WINDOW_US / 4e6).toFixed(1)} s` : "now", Math.min(xx - 14, w - 30), 7);
			}
			for (const s of spans) {
				const y = row.get(s.lane.key), x0 = Math.max(LABEL_W, x(s.start));
				const ww = Math.max(2, x(s.end) - x0);
				g.fillStyle = COLORS[s.kind];
				g.fillRect(x0, y + 2, ww, LANE_H - 4);
				if (ww > 60) {
					g.fillStyle = "#000";
					g.fillText(s.name.slice(0, Math.floor(ww / 7)), x0 + 3, y + LANE_H / 2);
				}
			}
			for (const i of instants) {
				const y = row.get(i.lane.key);
				g.fillStyle = COLORS[i.kind];
				g.fillRect(x(i.ts) - 1, y + 1, 2, LANE_H - 2);
			}
		}
	}

	const api = { Timeline };
	if (typeof module !== "undefined" && module.exports)
		module.exports = api;
	else
		root.IrqlabTimeline = api;
})(this);
