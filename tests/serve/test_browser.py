"""test_browser.py — plansim serve's page in headless Chromium (Debian's
chromium and chromium-driver, driven by python3-selenium): the page loads
with no console errors; moving the GDP-growth slider changes the GDP chart
and the growth target's status; the English toggle; a batch fills the odds
and fans; a value typed out of range shows the server's message.  Saves
screenshots as test artefacts.  Exits 77 (CTest: skipped) with the reason
only when Chromium cannot start.
usage: test_browser.py PLANSIM SCENARIO OUT_DIR"""
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time

from serve_util import Server, request

FAILED = []
PLANSIM = None


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        FAILED.append(what)


def start_chromium(profile):
    """A headless Chromium, or exit 77 saying why it cannot start."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        print("SKIP: python3-selenium is missing (%s): run scripts/setup.sh" % e)
        sys.exit(77)
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--no-proxy-server", "--disable-dev-shm-usage", "--window-size=1440,1100",
              "--user-data-dir=" + profile):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        return webdriver.Chrome(service=Service(driver), options=opts)
    except Exception as e:  # no binary, no display libraries, a sandbox refusing it
        print("SKIP: Chromium cannot start: %s" % str(e).splitlines()[0])
        sys.exit(77)


def wait(pred, what, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if pred():
                return True
        except Exception:
            pass
        time.sleep(0.05)
    check(False, "timed out waiting: " + what)
    return False


def chart_series(drv, chart, i):
    return drv.execute_script(
        "return echarts.getInstanceByDom(document.getElementById(arguments[0]))"
        ".getOption().series[arguments[1]].data;", chart, i)


def status_of(drv, target):
    return drv.execute_script(
        "const c = document.querySelector('tr[data-id=\"' + arguments[0] + '\"] td.status');"
        "return c ? [c.getAttribute('data-status'), c.textContent, getComputedStyle(c).backgroundColor] : null;",
        target)


def severe(logs):
    return [l for l in logs if l["level"] == "SEVERE"]


def check_file(drv, url, scenario, gdp):
    """The copied --set lines, and the downloaded scenario file saved beside
    the loaded one: plansim run on it gives the chart's GDP."""
    lines = drv.execute_script("return setLines();")
    check(lines == ["--set economy.growth=0.07"], "copy as --set lines: %s" % lines)
    text = drv.execute_script("return scenarioText();")
    folder = tempfile.mkdtemp(prefix="plansim-serve-test-")
    shutil.copy(scenario, folder)
    child = os.path.join(folder, "explorer.cfg")
    with open(child, "w") as f:
        f.write(text)
    p = subprocess.run([PLANSIM, "run", child, "-q", "-o", os.path.join(folder, "out")],
                       capture_output=True, text=True)
    with open(os.path.join(folder, "out", "trajectories.csv")) as f:
        rows = list(csv.DictReader(f))
    check(p.returncode == 0 and 'base = "xincheng-2030.cfg";' in text
          and [float(r["economy.gdp"]) for r in rows] == gdp,
          "the downloaded file inherits the loaded one and runs to the chart's GDP")
    shutil.rmtree(folder, ignore_errors=True)


def test_page(drv, url, scenario, out):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    _, scen = request(url + "/api/scenario")
    n = len(scen["targets"])
    drv.get(url + "/")
    wait(lambda: len(drv.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr")) == n,
         "the scorecard's %d rows" % n)
    wait(lambda: len(chart_series(drv, "chart-gdp", 0)) == 6, "the GDP chart")
    logs = drv.get_log("browser")
    check(not severe(logs), "the page loads with no console errors %s" % severe(logs))
    gdp0 = chart_series(drv, "chart-gdp", 0)
    before = status_of(drv, "gdp_growth")
    check(before and before[0] == "met" and "达成" in before[1], "growth target met at first: %s" % before)
    slider = drv.find_element(By.CSS_SELECTOR, 'input[type=range][data-path="economy.growth"]')
    drv.execute_script("arguments[0].focus();", slider)
    slider.send_keys(*([Keys.ARROW_RIGHT] * 15))  # 0.055 -> 0.070, a step of 0.001 a key
    check(abs(float(slider.get_attribute("value")) - 0.07) < 1e-9,
          "the slider moved to 0.07 (%s)" % slider.get_attribute("value"))
    wait(lambda: status_of(drv, "gdp_growth")[0] == "missed", "the growth target missed")
    after = status_of(drv, "gdp_growth")
    gdp1 = chart_series(drv, "chart-gdp", 0)
    check(gdp1[-1] > gdp0[-1] * 1.05, "the GDP chart rose: %.2f -> %.2f" % (gdp0[-1], gdp1[-1]))
    check(after[0] == "missed" and "未达成" in after[1] and after[2] != before[2],
          "the growth target's status: missed, in text and colour: %s" % after)
    status, run = request(url + "/api/run", "POST", {"set": {"economy.growth": 0.07}})
    check(run["outputs"]["economy.gdp"] == gdp1, "the chart shows the server's numbers")
    check(not severe(drv.get_log("browser")), "no console errors after moving the slider")
    check_file(drv, url, scenario, gdp1)
    drv.find_element(By.ID, "lang").click()
    name = drv.find_element(By.CSS_SELECTOR, '.lever[data-path="economy.growth"] .name').text
    check(name.startswith("Real GDP growth") and "missed" in status_of(drv, "gdp_growth")[1],
          "the English toggle: %r" % name)
    drv.find_element(By.ID, "lang").click()
    drv.find_element(By.ID, "solve").click()  # along the first lever, economy.growth
    wait(lambda: "≥" in drv.find_element(By.CSS_SELECTOR, 'tr[data-id="gdp_growth"] td.takes').text,
         "what it takes for the growth target", timeout=60)
    marks = drv.find_elements(By.CSS_SELECTOR, '.marks[data-path="economy.growth"] .mark')
    check(len(marks) >= 2, "what it takes: %d marks under the growth slider, the row says %r" %
          (len(marks), drv.find_element(By.CSS_SELECTOR, 'tr[data-id="gdp_growth"] td.takes').text))
    drv.find_element(By.ID, "batch").click()
    wait(lambda: drv.find_element(By.CSS_SELECTOR, 'tr[data-id="gdp_growth"] td.odds').text.endswith("%"),
         "the batch's odds", timeout=60)
    fans = drv.execute_script("return echarts.getInstanceByDom(document.getElementById('chart-gdp'))"
                              ".getOption().series.length;")
    check(fans > 3, "the batch adds fan series to the GDP chart (%d series)" % fans)
    drv.save_screenshot(os.path.join(out, "serve.png"))
    box = drv.find_element(By.CSS_SELECTOR, 'input[type=number][data-path="economy.growth"]')
    box.clear()
    box.send_keys("5", Keys.ENTER)
    wait(lambda: drv.find_element(By.ID, "error").is_displayed(), "the error box")
    status, body = request(url + "/api/run", "POST", {"set": {"economy.growth": 5}})
    shown = drv.find_element(By.ID, "error").text
    check(status == 400 and shown == body["error"], "the server's message is shown: %r" % shown)
    drv.save_screenshot(os.path.join(out, "serve_error.png"))


def main():
    global PLANSIM
    plansim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
    PLANSIM = plansim
    os.makedirs(out, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="plansim-chromium-")
    drv = start_chromium(profile)
    server = Server(plansim, scenario, "-j", "2")
    try:
        test_page(drv, server.url, scenario, out)
    finally:
        drv.quit()
        server.stop()
        shutil.rmtree(profile, ignore_errors=True)
    print("screenshots in %s; %d failed" % (out, len(FAILED)))
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
