# web/web.mk - the web page (included by the Makefile; docs/web.md): build/web/ is a static
# site that boots irqlab's ISO in the browser with v86, and `make serve` serves it.

WEB := $(BUILD)/web
WEB_PAGE := $(addprefix web/,index.html style.css boot.js stream.js timeline.js irqlab.js)
# npm's packages, as web/package-lock.json pins them: installed by make, into web/
WEB_NPM := web/node_modules/.package-lock.json
SEABIOS := /usr/share/seabios
## WEB_PORT=N: the port make serve listens on, on localhost (default 8086)
WEB_PORT ?= 8086

$(WEB_NPM): web/package.json web/package-lock.json | check-tools
	$(call quiet,NPM,web/package-lock.json)
	$(Q)npm ci --prefix web --no-audit --no-fund --loglevel=error >/dev/null

# The web ISO: the same kernel and initramfs, GRUB's menu for the page (iso/grub-web.cfg).
$(WEB)/irqlab.iso: $(ELF) $(INITRAMFS) iso/grub-web.cfg
	$(Q)mkdir -p $(WEB)
	$(call mkiso,iso/grub-web.cfg,$(BUILD)/web-isodir)

## web: build the web page into build/web/ (v86 and xterm.js from npm, SeaBIOS from Debian)
web: $(WEB)/irqlab.iso $(WEB_NPM) $(WEB_PAGE) web/sw.js
	$(call quiet,WEB,$(WEB))
	$(Q)mkdir -p $(WEB)/v86 $(WEB)/xterm $(WEB)/bios
	$(Q)cp $(WEB_PAGE) $(WEB)/
	$(Q)cp web/node_modules/v86/build/libv86.js web/node_modules/v86/build/libv86.mjs \
	    web/node_modules/v86/build/v86.wasm $(WEB)/v86/
	$(Q)cp web/node_modules/@xterm/xterm/lib/xterm.js web/node_modules/@xterm/xterm/css/xterm.css \
	    web/node_modules/@xterm/addon-fit/lib/addon-fit.js $(WEB)/xterm/
	$(Q)cp $(SEABIOS)/bios.bin $(SEABIOS)/vgabios-stdvga.bin $(WEB)/bios/
	@# the offline cache's name changes whenever a file of the site does
	$(Q)v=$$(cd $(WEB) && cat $(notdir $(WEB_PAGE)) v86/* xterm/* bios/* irqlab.iso | \
	    sha256sum | cut -c1-16) && sed "s/@VERSION@/irqlab-$$v/" web/sw.js > $(WEB)/sw.js

## serve: build the web page and serve it on http://localhost:8086/ (WEB_PORT=N; Ctrl-C stops)
serve: web
	@echo "irqlab web page: http://localhost:$(WEB_PORT)/"
	$(Q)$(PYTHON) -m http.server --bind 127.0.0.1 --directory $(WEB) $(WEB_PORT)

# The page in headless Chromium (tests/test_browser.py). Not part of make test: it takes 15
# to 60 s here, most of it the boot in the browser keeping a CPU busy, on top of make test's
# own boots.
# --noconftest: tests/conftest.py starts the selftest boots, which this test does not read.
## test-browser: the web page in headless Chromium: boot, type, raise IRQ 11 (build/browser.png)
test-browser: check-tools web
	$(Q)$(PYTEST) -q --noconftest tests/test_browser.py

# The README's picture of the page: test-browser's screenshot, its colours reduced to a
# palette (the same to the eye, a third of the bytes).
## web-screenshot: make test-browser, then copy its screenshot to docs/web-page.png
web-screenshot: test-browser
	$(Q)pngquant --quality 80-100 --speed 1 --strip --force -o docs/web-page.png $(BUILD)/browser.png

.PHONY: web serve test-browser web-screenshot
