"""The web page (make web, docs/web.md) in a real browser: Debian's Chromium, headless,
driven through chromedriver by Selenium, loads build/web/ from a local server (the one
make serve runs: Python's http.server), types a command into the terminal, presses the
page's "Raise IRQ 11" button and reads the /proc/interrupts panel; then it saves what
the page looks like to build/browser.png (make web-screenshot copies it to docs/).

make test-browser runs it (not make test: it takes 15 to 60 s, most of it the boot in
the browser keeping a CPU busy, on top of make test's own boots). The waits poll the
page for what they wait for; their budgets count the browser's CPU time, not the host's
clock (irqlab.Budget)."""
import functools
import http.server
import os
import re
import shutil
import threading
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from irqlab import BUILD, PROMPT, Budget

WEB = os.path.join(BUILD, "web")
SHOT = os.path.join(BUILD, "browser.png")
# The window, as a projector shows it (CSS pixels).
WIDTH, HEIGHT = 1600, 1000
# A wait's budget: seconds the browser had a CPU for (irqlab.Budget). v86 boots irqlab
# in the page in about 15 s of the browser's CPU; a command takes a second or two.
BOOT_TIMEOUT = 120
TIMEOUT = 30

# What COM1 printed, as the terminal holds it: xterm's buffer, a line a row, the rows
# that xterm wrapped joined again (window.irqlab, web/irqlab.js).
TERMINAL_TEXT = """
const b = window.irqlab.terminal.buffer.active, out = [];
for (let i = 0; i < b.length; i++) {
	const line = b.getLine(i), text = line.translateToString(true);
	if (line.isWrapped && out.length)
		out[out.length - 1] += text;
	else
		out.push(text);
}
return out.join("\\n");
"""

# The /proc/interrupts panel as the page shows it: {"11": [counts a CPU]}.
INTERRUPTS_PANEL = """
const rows = {};
for (const tr of document.querySelectorAll("#interrupts tr")) {
	const key = tr.querySelector("td.key");
	if (key)
		rows[key.textContent.replace(/:$/, "")] =
			[...tr.querySelectorAll("td.n")].map((td) => Number(td.textContent));
}
return rows;
"""


class BrowserCPU:
    """The CPU time (user and system) the processes under chromedriver have used: the
    browser, and its renderer, where v86 runs the guest. Read from /proc, as
    irqlab.Machine.cpu_seconds reads QEMU's."""

    def __init__(self, driver):
        self.root = driver.service.process.pid

    def cpu_seconds(self):
        parent, cpu = {}, {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open("/proc/%s/stat" % pid) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue                # gone meanwhile
            # [0] here is the stat file's field 3: ppid is field 4, utime and stime 14, 15
            parent[int(pid)] = int(fields[1])
            cpu[int(pid)] = int(fields[11]) + int(fields[12])
        total = 0
        for pid in cpu:
            p = pid
            while p in parent and p != self.root:
                p = parent[p]
            if p == self.root:
                total += cpu[pid]
        return total / os.sysconf("SC_CLK_TCK")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    """build/web/ on a free port of localhost, served as make serve does."""
    assert os.path.isfile(os.path.join(WEB, "index.html")), "no %s: run make web" % WEB
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=WEB))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--window-size=%d,%d" % (WIDTH, HEIGHT),
                "--hide-scrollbars"):
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})    # for page_state
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    # The window's size less the browser's own frame: the page gets exactly WIDTH x HEIGHT.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    yield driver
    driver.quit()


def page_state(driver):
    """What a failure message shows: the page's status line, its error box, the
    terminal's last lines, the browser's console."""
    try:
        tail = "\n".join(driver.execute_script(TERMINAL_TEXT).rstrip().splitlines()[-15:])
    except Exception as e:
        tail = "(no terminal: %s)" % e
    console = "\n".join("%s %s" % (e["level"], e["message"]) for e in driver.get_log("browser"))
    return "status: %r\nerror box: %r\nterminal:\n%s\nconsole:\n%s" % (
        driver.find_element(By.ID, "status").text, driver.find_element(By.ID, "error").text,
        tail, console[-3000:])


def until(driver, what, cond, timeout=TIMEOUT):
    """cond()'s first true value, polled while the page runs."""
    budget = Budget(BrowserCPU(driver), timeout)
    while True:
        try:
            got = cond()
        except Exception:
            got = None              # the page is still loading: not yet
        if got:
            return got
        # A panicked guest idles: say so now rather than when the budget runs out.
        if driver.find_element(By.ID, "error").is_displayed() or budget.spent() or \
                "end Kernel panic" in terminal(driver):
            raise AssertionError("waiting for %s, %.0f s (the browser's CPU: %.0f s)\n%s" % (
                what, time.time() - budget.wall0,
                budget.machine.cpu_seconds() - budget.cpu0, page_state(driver)))
        time.sleep(0.2)


def terminal(driver):
    return driver.execute_script(TERMINAL_TEXT)


def irq_count(driver, key):
    """The panel's count of one line, all CPUs, or None while the panel lacks it."""
    row = driver.execute_script(INTERRUPTS_PANEL).get(key)
    return sum(row) if row else None


def test_the_page_boots_answers_and_the_panel_counts(site, browser):
    d = browser
    d.get(site)
    until(d, "the shell's prompt in the terminal", lambda: PROMPT in terminal(d),
          BOOT_TIMEOUT)
    assert d.find_element(By.ID, "status").text.startswith("Ready")

    # The terminal fills its box (xterm's fit addon), to the last whole row and column.
    box = d.execute_script("""
        const t = window.irqlab.terminal, box = document.getElementById("terminal");
        const screen = box.querySelector(".xterm-screen").getBoundingClientRect();
        return { cols: t.cols, rows: t.rows, w: box.clientWidth, h: box.clientHeight,
                 sw: screen.width, sh: screen.height };""")
    assert box["cols"] > 80 and box["rows"] > 24, box
    assert box["h"] - box["sh"] < 2 * box["sh"] / box["rows"], box
    assert box["w"] - box["sw"] < 2 * box["sw"] / box["cols"] + 30, box     # + scrollbar

    # Typed keys reach the shell through the focused terminal, and its answer shows.
    focused = d.switch_to.active_element
    assert d.execute_script(
        "return document.getElementById('terminal').contains(arguments[0])", focused)
    focused.send_keys("uptime" + Keys.ENTER)
    m = until(d, "uptime's answer", lambda: re.search(
        r"^%suptime\nup (\d+)\.(\d\d) s \((\d+) jiffies at HZ=(\d+)\)\n%s" % (PROMPT, PROMPT),
        terminal(d), re.M))
    secs, hundredths, jiffies, hz = map(int, m.groups())
    assert secs * 100 + hundredths == jiffies * 100 // hz

    # The button raises IRQ 11 (cat /dev/lothars_device: the notes' module's int $0x3B,
    # IO-APIC pin 11 with v86's ACPI tables); the panel, fed by the viewer stream,
    # counts it.
    until(d, "IRQ 11 in the /proc/interrupts panel", lambda: irq_count(d, "11") is not None)
    before = irq_count(d, "11")
    d.find_element(By.CSS_SELECTOR, "#buttons button[data-act=lothar]").click()
    until(d, "IRQ 11's count to move in the panel", lambda: irq_count(d, "11") != before)
    # The picture now, while IRQ 11 is still in the timeline's last two seconds.
    os.makedirs(BUILD, exist_ok=True)
    assert d.save_screenshot(SHOT)
    assert irq_count(d, "11") == before + 1
    until(d, "the tasklet's line in the terminal",
          lambda: "hello_interrupt_tasklet() after IRQ 11" in terminal(d))
    assert not d.find_element(By.ID, "error").is_displayed()
