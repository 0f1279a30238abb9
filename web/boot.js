/* web/boot.js - how the page (and tools/web/run.mjs) start v86 on irqlab's web ISO.
 *
 * The web ISO's GRUB menu (iso/grub-web.cfg) boots at once with the viewer stream on
 * (stream=ttyS1, COM2) and reads more kernel options from the first sector of the floppy
 * drive: `set irqlab_args="..."` there, padded with newlines. v86 has no fw_cfg, so this
 * floppy is how a page passes "selftest" (or nothing) to one and the same ISO. The
 * controller mode is v86's own switch: with ACPI tables irqlab finds the MADT and runs
 * the IO-APIC and LAPICs; without, it falls back to the 8259 pair and says why. */
(function (root) {
	"use strict";

	/* A lesson's boot: the notes' hello-interrupt module loaded (IRQ 11 and
	 * /dev/lothars_device, for the page's button). */
	const WEB_OPTIONS = "modules_load=interrupt";
	const FLOPPY_SIZE = 1474560;            /* a 1.44 MB disk: a geometry v86 knows */
	const SECTOR = 512;

	/* The floppy image whose first sector sets irqlab_args to args (kernel options,
	 * space-separated, no quotes). */
	function optionsFloppy(args) {
		if (/["\\$\n]/.test(args))
			throw new Error("kernel options may not hold quotes, backslashes, $ or newlines");
		const text = 'set irqlab_args="' + args + '"\n';
		if (text.length > SECTOR)
			throw new Error("kernel options longer than one sector");
		const disk = new Uint8Array(FLOPPY_SIZE);
		disk.fill(0x0a, 0, SECTOR);     /* GRUB reads the sector as a script: no NULs */
		for (let i = 0; i < text.length; i++)
			disk[i] = text.charCodeAt(i);
		return disk.buffer;
	}

	/* v86's options for irqlab: 128 MiB as QEMU's runs, COM2 for the stream. */
	function options(o) {
		return Object.assign({
			memory_size: 128 << 20,
			vga_memory_size: 8 << 20,
			uart1: true,
			autostart: true,
			boot_order: 0x123,      /* CD first, then the floppy of options, never booted */
		}, o);
	}

	const api = { optionsFloppy, options, WEB_OPTIONS };
	if (typeof module !== "undefined" && module.exports)
		module.exports = api;
	else
		root.IrqlabBoot = api;
})(this);
