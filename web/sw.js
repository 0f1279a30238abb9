/* web/sw.js - keeps the page working offline once loaded: every file it uses is cached
 * at install, and served from the cache first (a rebuilt site is fetched again when
 * make web writes a new VERSION into this file's copy). */
"use strict";
const VERSION = "@VERSION@";
const FILES = ["./", "index.html", "style.css", "boot.js", "stream.js", "timeline.js",
	       "irqlab.js", "xterm/xterm.js", "xterm/xterm.css", "xterm/addon-fit.js",
	       "v86/libv86.js", "v86/v86.wasm", "bios/bios.bin", "bios/vgabios-stdvga.bin",
	       "irqlab.iso"];

self.addEventListener("install", (e) => {
	e.waitUntil(caches.open(VERSION).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
	e.waitUntil(caches.keys().then((keys) => Promise.all(
		keys.filter((k) => k !== VERSION).map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});

self.addEventListener("fetch", (e) => {
	e.respondWith(caches.match(e.request, { ignoreSearch: true }).then((hit) => hit || fetch(e.request)));
});
