"""Smoke tests of the mock backend: python3 -m unittest discover -s testnet/mock-backend"""

import json
import math
import os
import threading
import unittest
import urllib.error
import urllib.request

import server

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


class MockBackendTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server.make_server(port=0, corpus_dir=CORPUS)
        cls.base = f"http://127.0.0.1:{cls.server.server_address[1]}"
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def post(self, path, body):
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.read().decode()

    def corpus_text(self, name):
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            return f.read()

    def test_models(self):
        with urllib.request.urlopen(self.base + "/v1/models", timeout=10) as r:
            models = json.load(r)
        self.assertEqual(models["object"], "list")
        self.assertEqual(models["data"][0]["object"], "model")

    def test_chat_quotes_the_matching_file(self):
        prompt = "Tell me about olive harvest please"
        answer = json.loads(self.post("/v1/chat/completions", {
            "model": "adapter-x", "messages": [{"role": "user", "content": prompt}]}))
        text = answer["choices"][0]["message"]["content"]
        first = self.corpus_text("02-olive-harvest.txt").split(". ")[0]
        self.assertIn(first, text)
        self.assertEqual(answer["model"], "adapter-x")
        self.assertEqual(answer["usage"]["prompt_tokens"], math.ceil(len(prompt) / 4))
        self.assertEqual(answer["usage"]["completion_tokens"], math.ceil(len(text) / 4))
        again = json.loads(self.post("/v1/chat/completions", {
            "model": "adapter-x", "messages": [{"role": "user", "content": prompt}]}))
        self.assertEqual(again["choices"][0]["message"]["content"], text)

    def test_first_words_match_too(self):
        answer = json.loads(self.post("/v1/completions", {
            "model": "m", "prompt": "lighthouse keepers kept what?"}))
        self.assertIn("Lighthouse keepers kept the lamp burning", answer["choices"][0]["text"])

    def test_novel_only_quotes_nothing(self):
        answer = json.loads(self.post("/v1/completions", {
            "model": "m", "prompt": "olive harvest, novel only"}))
        text = answer["choices"][0]["text"]
        for name in os.listdir(CORPUS):
            for sentence in self.corpus_text(name).split(". "):
                self.assertNotIn(sentence.strip()[:30], text)

    def test_max_tokens_cuts(self):
        answer = json.loads(self.post("/v1/completions", {
            "model": "m", "prompt": "arno floods", "max_tokens": 3}))
        self.assertEqual(len(answer["choices"][0]["text"]), 12)
        self.assertEqual(answer["choices"][0]["finish_reason"], "length")
        self.assertEqual(answer["usage"]["completion_tokens"], 3)

    def stream(self, body):
        events = [e[len("data: "):] for e in self.post("/v1/chat/completions", body).split("\n\n")
                  if e.startswith("data: ")]
        self.assertEqual(events[-1], "[DONE]")
        return [json.loads(e) for e in events[:-1]]

    def test_stream_with_and_without_usage(self):
        body = {"model": "m", "stream": True,
                "messages": [{"role": "user", "content": "arno floods"}]}
        chunks = self.stream(body)
        self.assertTrue(all(c["choices"] for c in chunks))
        text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
        whole = json.loads(self.post("/v1/chat/completions", dict(body, stream=False)))
        self.assertEqual(text, whole["choices"][0]["message"]["content"])
        chunks = self.stream(dict(body, stream_options={"include_usage": True}))
        self.assertEqual(chunks[-1]["choices"], [])
        self.assertEqual(chunks[-1]["usage"], whole["usage"])

    def test_bad_json_is_400(self):
        req = urllib.request.Request(self.base + "/v1/completions", data=b"{nope",
                                     headers={"Content-Type": "application/json"})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(req, timeout=10)
        self.assertEqual(ctx.exception.code, 400)


if __name__ == "__main__":
    unittest.main()
