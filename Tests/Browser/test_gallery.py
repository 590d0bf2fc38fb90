"""The gallery in a real browser: headless Chromium driven by Selenium against a live `vidu-catalog serve`.

Run by scripts/browser-test.sh, which starts two servers on the bundled sample plus one hostile template
(Tests/Browser/hostile-template.json) and sets:
  GALLERY_URL        the server without a key
  GALLERY_KEYED_URL  the same catalog behind VIDU_CATALOG_SERVE_KEY
  GALLERY_KEY        that key
  SCREENSHOTS        optional: a folder to save the README's screenshots in
"""
import json
import os
import time
import unittest
import urllib.parse
import urllib.request

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["GALLERY_URL"].rstrip("/")
KEYED = os.environ["GALLERY_KEYED_URL"].rstrip("/")
KEY = os.environ["GALLERY_KEY"]
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def browser(javascript=True, width=1280, height=900):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    return driver


def api(path):
    """The JSON API's answer: what the gallery must agree with."""
    with urllib.request.urlopen(BASE + path, timeout=10) as response:
        return json.load(response)


def api_ids(query):
    data = api("/v1/templates?" + query + "&limit=1000")["data"]
    return [template["template"] for template in data["templates"]]


class GalleryTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.driver = browser()
        cls.wait = WebDriverWait(cls.driver, 15)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def open(self, path):
        self.driver.get(BASE + path)
        self.wait.until(EC.presence_of_element_located((By.TAG_NAME, "main")))

    def card_ids(self):
        return [card.get_attribute("data-id") for card in self.driver.find_elements(By.CSS_SELECTOR, "li.card")]

    def assert_no_alert(self):
        with self.assertRaises(NoAlertPresentException):
            self.driver.switch_to.alert.text

    def assert_console_clean(self):
        """No script error and no Content-Security-Policy violation was logged by the page."""
        severe = [entry for entry in self.driver.get_log("browser")
                  if entry["level"] == "SEVERE" and "favicon" not in entry["message"]
                  and entry.get("source") != "network"]
        self.assertEqual(severe, [])

    def test_the_gallery_shows_the_catalog_a_page_at_a_time(self):
        self.open("/")
        total = len(api_ids("include_removed=false"))
        heading = self.driver.find_element(By.ID, "results-heading").text
        self.assertTrue(heading.startswith(f"{total} templates"), heading)
        first = self.card_ids()
        self.assertEqual(len(first), min(60, total))
        self.assertEqual(first, api_ids("")[:60])
        # The next page holds the rest, in order.
        self.driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
        self.wait.until(EC.url_contains("page=2"))
        self.assertEqual(first + self.card_ids(), api_ids("")[:len(first) + len(self.card_ids())])
        self.assert_console_clean()
        if SCREENSHOTS:
            self.open("/")
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, "gallery.png"))

    def test_a_filter_is_a_link_back_and_forward_work_and_it_matches_the_api(self):
        self.open("/")
        label = self.driver.find_element(By.XPATH, "//input[@name='aspect_ratio'][@value='9:16']/..")
        count = int(label.find_element(By.CLASS_NAME, "count").text.strip("()"))
        label.click()
        self.wait.until(EC.url_contains("aspect_ratio=9%3A16"))
        self.assertNotIn("search=", self.driver.current_url, "empty fields stay out of the shared link")
        expected = api_ids("aspect_ratio=9:16")
        self.assertEqual(count, len(expected), "the facet count is what choosing it leaves")
        heading = self.driver.find_element(By.ID, "results-heading").text
        self.assertTrue(heading.startswith(f"{len(expected)} template"), heading)
        # Every card of the filtered view, on one page, is the API's answer for the same query.
        self.driver.get(self.driver.current_url + "&limit=200")
        self.assertEqual(self.card_ids(), expected)
        shared = self.driver.current_url
        self.driver.back()
        self.wait.until(lambda driver: "limit=200" not in driver.current_url)
        self.driver.back()
        self.wait.until(lambda driver: "aspect_ratio" not in driver.current_url)
        self.assertEqual(len(self.card_ids()), 60)
        self.driver.forward()
        self.wait.until(EC.url_contains("aspect_ratio=9%3A16"))
        # A link to the filtered view opened anew shows the same templates.
        other = browser()
        try:
            other.get(shared)
            self.assertEqual([c.get_attribute("data-id") for c in other.find_elements(By.CSS_SELECTOR, "li.card")],
                             expected)
        finally:
            other.quit()

    def test_every_facet_count_matches_the_api(self):
        self.open("/?hot=true")
        for choice in self.driver.find_elements(By.CSS_SELECTOR, "label.choice"):
            box = choice.find_element(By.TAG_NAME, "input")
            name, value = box.get_attribute("name"), box.get_attribute("value")
            counts = choice.find_elements(By.CLASS_NAME, "count")
            if not counts or value == "":
                continue
            query = {"hot": "true", name: value}
            if name == "hot":
                query = {"hot": value}
            if name == "include_removed":
                continue
            expected = len(api_ids(urllib.parse.urlencode(query)))
            self.assertEqual(int(counts[0].text.strip("()")), expected, f"{name}={value}")

    def test_filtering_and_paging_work_without_javascript(self):
        driver = browser(javascript=False)
        try:
            driver.get(BASE + "/")
            box = driver.find_element(By.XPATH, "//input[@name='resolution'][@value='1080p']")
            box.click()
            self.assertTrue(box.is_selected())
            Select(driver.find_element(By.NAME, "sort")).select_by_value("credits")
            page = driver.find_element(By.TAG_NAME, "main")
            driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
            WebDriverWait(driver, 30).until(EC.staleness_of(page))
            self.assertIn("resolution=1080p", driver.current_url)
            expected = api_ids("resolution=1080p&sort=credits")
            ids = [card.get_attribute("data-id") for card in driver.find_elements(By.CSS_SELECTOR, "li.card")]
            self.assertEqual(ids, expected[:60])
            if len(expected) > 60:
                driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
                ids += [card.get_attribute("data-id") for card in driver.find_elements(By.CSS_SELECTOR, "li.card")]
                self.assertEqual(ids, expected[:120])
        finally:
            driver.quit()

    def test_a_template_page_and_its_request_builder(self):
        self.open("/templates/hugging")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text.split()[0], "Hugging")
        video = self.driver.find_element(By.TAG_NAME, "video")
        self.assertTrue(video.get_attribute("poster").startswith("https://"))
        self.assertEqual(video.get_attribute("muted"), "true")
        verdict = self.driver.find_element(By.ID, "verdict-text")
        # Untouched, the body lacks its images: the finding sits beside the images.
        self.wait.until(lambda driver: "Not valid" in verdict.text)
        images = self.driver.find_elements(By.CSS_SELECTOR, "input[name=images]")
        self.assertEqual(len(images), 2, "hugging takes two images")
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, "[data-pointer='/input/images'] .finding"))
        # A wrong URL: its finding sits beside that field.
        images[0].send_keys("ftp://example.com/a.png")
        images[1].send_keys("https://example.com/b.png")
        self.wait.until(lambda driver: driver.find_elements(
            By.CSS_SELECTOR, "[data-pointer='/input/images/0'] .finding"))
        images[0].clear()
        images[0].send_keys("https://example.com/a.png")
        self.wait.until(lambda driver: verdict.text.startswith("Valid"))
        self.assertIn("10 credits", self.driver.find_element(By.ID, "credits").text)
        body = json.loads(self.driver.find_element(By.ID, "body-json").text)
        self.assertEqual(body, {"model": "vidu/template", "input": {
            "template": "hugging", "images": ["https://example.com/a.png", "https://example.com/b.png"]}})
        curl = self.driver.find_element(By.ID, "body-curl").text
        self.assertIn('x-api-key: $CRUN_API_KEY', curl)
        self.assertIn("https://api.crun.ai/api/v1/client/job/CreateTask", curl)
        # Copy: what lands on the clipboard is the body.
        self.driver.execute_cdp_cmd("Browser.grantPermissions", {
            "origin": BASE, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
        self.driver.find_element(By.ID, "copy-json").click()
        self.wait.until(lambda driver: driver.find_element(By.ID, "copy-json").text == "Copied")
        copied = self.driver.execute_async_script(
            "navigator.clipboard.readText().then(arguments[0], () => arguments[0](null))")
        self.assertEqual(json.loads(copied), body)
        self.assert_console_clean()
        if SCREENSHOTS:
            self.driver.execute_script("document.getElementById('builder-section').scrollIntoView()")
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, "builder.png"))
            self.driver.execute_script("window.scrollTo(0, 0)")
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, "template.png"))

    def test_the_prompt_counter_and_its_finding(self):
        with_prompt = api_ids("prompt_required=true")
        self.assertTrue(with_prompt)
        self.open("/templates/" + urllib.parse.quote(with_prompt[0], safe=""))
        prompt = self.driver.find_element(By.NAME, "prompt")
        self.driver.execute_script(
            "arguments[0].value = 'x'.repeat(2001); arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
            prompt)
        self.assertEqual(self.driver.find_element(By.ID, "prompt-length").text, "2001")
        self.assertIn("over", self.driver.find_element(By.ID, "prompt-count").get_attribute("class"))
        self.wait.until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "[data-pointer='/input/prompt'] .finding"))

    def test_an_unknown_template_suggests_links(self):
        self.open("/templates/huging")
        self.assertIn("huging", self.driver.find_element(By.TAG_NAME, "h1").text)
        link = self.driver.find_element(By.CSS_SELECTOR, ".suggestions a")
        self.assertEqual(link.text, "hugging")
        link.click()
        self.wait.until(EC.url_contains("/templates/hugging"))

    def test_hostile_strings_render_as_text_and_load_nothing(self):
        self.open("/?search=xss_probe")
        self.assert_no_alert()
        self.assertEqual(self.card_ids(), ["xss_probe"])
        card = self.driver.find_element(By.CSS_SELECTOR, "li.card")
        self.assertEqual(card.find_element(By.TAG_NAME, "h2").text, "<script>alert(1)</script>")
        self.assertEqual(card.find_element(By.CLASS_NAME, "category").text, "<img src=x onerror=alert(4)>")
        self.assertEqual(card.find_elements(By.TAG_NAME, "img"), [], "a javascript: cover is no image")
        self.open("/templates/xss_probe")
        self.assert_no_alert()
        self.assertEqual(self.driver.find_elements(By.TAG_NAME, "video"), [])
        for element in self.driver.find_elements(By.CSS_SELECTOR, "[src],[href],[poster]"):
            for attribute in ("src", "href", "poster"):
                value = (element.get_attribute(attribute) or "").lower()
                self.assertFalse(value.startswith("javascript:") or value.startswith("data:image/svg"), value)
        self.assertIn("<b onmouseover=alert(6)>prompt</b>", self.driver.find_element(By.CLASS_NAME, "instructions").text)
        self.assert_no_alert()
        self.assert_console_clean()

    def test_pages_fit_a_phone(self):
        phone = browser(width=390, height=844)
        try:
            phone.get(BASE + "/")
            self.assertFalse(phone.find_element(By.ID, "filter-panel").get_attribute("open"),
                             "on a phone the filters start folded")
            self.assertTrue(phone.find_elements(By.CSS_SELECTOR, "li.card")[0].is_displayed())
            for path in ("/", "/templates/hugging", "/catalog", "/templates/xss_probe"):
                phone.get(BASE + path)
                width = phone.execute_script("return document.documentElement.scrollWidth")
                inner = phone.execute_script("return window.innerWidth")
                self.assertLessEqual(width, inner, path)
            if SCREENSHOTS:
                phone.get(BASE + "/?aspect_ratio=9%3A16")
                phone.save_screenshot(os.path.join(SCREENSHOTS, "gallery-phone.png"))
        finally:
            phone.quit()

    def test_pages_have_no_serious_accessibility_violations(self):
        """axe-core (WCAG 2 A and AA rules) on every kind of page: nothing serious or critical."""
        for path in ("/", "/?aspect_ratio=9%3A16&hot=true", "/templates/hugging", "/catalog", "/templates/huging"):
            self.open(path)
            axe = Axe(self.driver)
            axe.inject()
            results = axe.run(options='{"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}')
            serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
            where = [node["target"] for violation in serious for node in violation["nodes"]]
            self.assertEqual(serious, [], path + ": " + axe.report(serious) + f"\nat {where}")

    def test_the_catalog_page(self):
        self.open("/catalog")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table.runs tbody tr")
        self.assertGreaterEqual(len(rows), 2, "the sample's load and the hostile import")
        self.driver.find_element(By.CSS_SELECTOR, ".history a[href='/templates/xss_probe']").click()
        self.wait.until(EC.url_contains("/templates/xss_probe"))


class ServeKeyTests(unittest.TestCase):
    def test_the_browser_signs_in_once_and_the_cookie_stays_out_of_scripts(self):
        driver = browser()
        try:
            driver.get(KEYED + "/templates/hugging")
            WebDriverWait(driver, 15).until(EC.url_contains("/login"))
            driver.find_element(By.NAME, "key").send_keys("not the key")
            driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[role=alert]")))
            driver.find_element(By.NAME, "key").send_keys(KEY)
            driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            WebDriverWait(driver, 15).until(EC.url_contains("/templates/hugging"))
            self.assertEqual(driver.execute_script("return document.cookie"), "", "HttpOnly: no script reads it")
            cookie = driver.get_cookie("vidu_catalog_session")
            self.assertTrue(cookie["httpOnly"])
            self.assertEqual(cookie["sameSite"], "Strict")
            self.assertNotIn(KEY, cookie["value"])
            # The builder's checks go through with the cookie.
            verdict = driver.find_element(By.ID, "verdict-text")
            WebDriverWait(driver, 15).until(lambda _: "Not valid" in verdict.text)
            driver.get(KEYED + "/")
            self.assertTrue(driver.find_elements(By.CSS_SELECTOR, "li.card"))
            self.assertNotIn(KEY, driver.page_source)
        finally:
            driver.quit()


if __name__ == "__main__":
    unittest.main(verbosity=2)
