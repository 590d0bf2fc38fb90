"""The change feeds against a live `vidu-catalog serve`, read by feedparser (PyPI), a reference Atom
reader: the feed parses without a single complaint, and its entries are the runs that changed
something, their links resolved against the feed's address.

Run by scripts/browser-test.sh with GALLERY_URL set to a server whose catalog holds the bundled sample
and a hostile template imported after it.
"""
import json
import os
import unittest
import urllib.request

import feedparser

BASE = os.environ["GALLERY_URL"].rstrip("/")


def fetch(path, headers=None):
    request = urllib.request.Request(BASE + path, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


class FeedTests(unittest.TestCase):
    def test_the_atom_feed_parses_cleanly(self):
        status, headers, body = fetch("/v1/changes.atom")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("application/atom+xml"))
        feed = feedparser.parse(body, response_headers={
            "content-type": headers["Content-Type"], "content-location": BASE + "/v1/changes.atom"})
        self.assertEqual(feed.bozo, 0, getattr(feed, "bozo_exception", None))
        self.assertEqual(feed.version, "atom10")
        self.assertEqual(len(feed.entries), 2, "the sample's load and the hostile import")
        newest = feed.entries[0]
        self.assertTrue(newest.id.startswith("urn:vidu-catalog:event:evt_"))
        self.assertIn("1 added", newest.title)
        self.assertIn("xss_probe", newest.summary)
        related = [link.href for link in newest.links if link.rel == "related"]
        self.assertIn(BASE + "/templates/xss_probe", related)
        self.assertTrue(all(href.startswith(BASE) for href in related))

    def test_the_json_feed_and_the_atom_feed_agree(self):
        _, _, body = fetch("/v1/changes?limit=500")
        events = json.loads(body)["data"]["events"]
        changed = [event for event in events if event["type"] == "catalog.changed"]
        feed = feedparser.parse(fetch("/v1/changes.atom")[2])
        self.assertEqual([entry.id for entry in feed.entries],
                         ["urn:vidu-catalog:event:" + event["data"]["event_id"] for event in reversed(changed)])

    def test_an_unchanged_feed_answers_304(self):
        _, headers, _ = fetch("/v1/changes.atom")
        with self.assertRaises(urllib.error.HTTPError) as caught:
            fetch("/v1/changes.atom", {"If-None-Match": headers["ETag"]})
        self.assertEqual(caught.exception.code, 304)


if __name__ == "__main__":
    unittest.main(verbosity=2)
