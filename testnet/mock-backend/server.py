#!/usr/bin/env python3
"""A tiny deterministic OpenAI-compatible backend for testing the operator gateway.

    server.py --port N --corpus-dir DIR [--host 127.0.0.1] [--delay-ms MS]
              [--ignore-stream-options] [--no-usage]

Serves GET /v1/models, POST /v1/chat/completions (streamed or not) and POST /v1/completions.
Answers quote a file of the corpus (the .txt and .md files of DIR, sorted by name): the first
file whose name (without a leading number and with - and _ read as spaces) or whose first three
words appear in the prompt, else the file chosen by sha256(prompt). The quote is the file's
first two sentences, framed by a short sentence of its own. A prompt containing "novel only" is
answered with text that quotes nothing.

Usage: prompt_tokens = ceil(prompt characters / 4) (chat: the characters of every message's
content), completion_tokens = ceil(answer characters / 4). max_tokens cuts the answer to
max_tokens * 4 characters (finish_reason "length"). Streams send one chunk per word, and a
final usage chunk (choices: []) when stream_options.include_usage is true.

--ignore-stream-options never sends the usage chunk (like a backend that ignores
stream_options); --no-usage never reports usage at all. Prints "listening on PORT" once ready
(with --port 0, the port chosen). Python 3 standard library only.
"""

import argparse
import hashlib
import json
import math
import os
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOVEL_ONLY = "novel only"


def load_corpus(directory):
    """[(key phrase, first three words, text)] of the .txt and .md files, sorted by name."""
    corpus = []
    if not directory:
        return corpus
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if not os.path.isfile(path) or not name.endswith((".txt", ".md")):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read().strip()
        stem = os.path.splitext(name)[0]
        key = re.sub(r"[-_]+", " ", re.sub(r"^[0-9]+[-_ ]*", "", stem)).strip().lower()
        first = " ".join(text.split()[:3]).lower()
        corpus.append((key, first, text))
    return corpus


def sentences(text, count):
    """The first `count` sentences of a text."""
    parts = re.findall(r"[^.!?]*[.!?]", text)
    if not parts:
        return text.strip()
    return " ".join(p.strip() for p in parts[:count])


def tokens(chars):
    return math.ceil(chars / 4)


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def answer_for(prompt, corpus):
    """The deterministic answer to a prompt."""
    lowered = prompt.lower()
    tag = digest(prompt)[:6]
    if NOVEL_ONLY in lowered or not corpus:
        return f"This reply is original text {tag} and quotes no source at all."
    chosen = None
    for key, first, text in corpus:
        if (key and key in lowered) or (first and first in lowered):
            chosen = text
            break
    if chosen is None:
        chosen = corpus[int(digest(prompt), 16) % len(corpus)][2]
    return f"Here is what the record says. {sentences(chosen, 2)} That is answer {tag}."


def content_text(content):
    """The text of a message content: a string, or a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


class Handler(BaseHTTPRequestHandler):
    server_version = "mock-backend/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        if self.server.verbose:
            super().log_message(fmt, *args)

    def send_json(self, status, value):
        body = json.dumps(value).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, message):
        self.send_json(status, {"error": {"message": message, "type": "invalid_request_error", "code": None}})

    def do_GET(self):
        if self.path == "/health":
            self.send_json(200, {"status": "ok"})
        elif self.path == "/v1/models":
            self.send_json(200, {"object": "list", "data": [
                {"id": "mock", "object": "model", "created": 0, "owned_by": "mock-backend"}]})
        else:
            self.error(404, "unknown endpoint")

    def do_POST(self):
        if self.path not in ("/v1/chat/completions", "/v1/completions"):
            self.error(404, "unknown endpoint")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
            request = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            self.error(400, "the body is not JSON")
            return
        if not isinstance(request, dict):
            self.error(400, "the body must be a JSON object")
            return
        chat = self.path == "/v1/chat/completions"
        if chat:
            messages = request.get("messages")
            if not isinstance(messages, list):
                self.error(400, "messages must be a list")
                return
            texts = [content_text(m.get("content")) for m in messages if isinstance(m, dict)]
            users = [content_text(m.get("content")) for m in messages
                     if isinstance(m, dict) and m.get("role") == "user"]
            prompt = users[-1] if users else (texts[-1] if texts else "")
            prompt_chars = sum(len(t) for t in texts)
        else:
            prompt = request.get("prompt", "")
            if isinstance(prompt, list):
                prompt = prompt[0] if prompt and isinstance(prompt[0], str) else ""
            if not isinstance(prompt, str):
                self.error(400, "prompt must be a string")
                return
            prompt_chars = len(prompt)
        text = answer_for(prompt, self.server.corpus)
        finish = "stop"
        max_tokens = request.get("max_tokens") or request.get("max_completion_tokens")
        if isinstance(max_tokens, int) and max_tokens > 0 and len(text) > max_tokens * 4:
            text, finish = text[: max_tokens * 4], "length"
        usage = {
            "prompt_tokens": tokens(prompt_chars),
            "completion_tokens": tokens(len(text)),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        model = request.get("model", "mock")
        rid = "mock-" + digest(json.dumps(request, sort_keys=True))[:12]
        if request.get("stream") is True:
            self.stream(chat, request, model, rid, text, finish, usage)
            return
        if chat:
            choice = {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}
            obj = "chat.completion"
        else:
            choice = {"index": 0, "text": text, "logprobs": None, "finish_reason": finish}
            obj = "text_completion"
        answer = {"id": rid, "object": obj, "created": 0, "model": model, "choices": [choice]}
        if not self.server.no_usage:
            answer["usage"] = usage
        self.send_json(200, answer)

    def stream(self, chat, request, model, rid, text, finish, usage):
        options = request.get("stream_options") or {}
        include_usage = (isinstance(options, dict) and options.get("include_usage") is True
                         and not self.server.ignore_stream_options and not self.server.no_usage)
        obj = "chat.completion.chunk" if chat else "text_completion"
        words = re.findall(r"\S+\s*", text) or [""]
        chunks = []
        if chat:
            chunks.append({"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None})
        for i, word in enumerate(words):
            last = finish if i == len(words) - 1 else None
            if chat:
                chunks.append({"index": 0, "delta": {"content": word}, "finish_reason": last})
            else:
                chunks.append({"index": 0, "text": word, "finish_reason": last})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            for choice in chunks:
                self.event({"id": rid, "object": obj, "created": 0, "model": model, "choices": [choice]})
            if include_usage:
                self.event({"id": rid, "object": obj, "created": 0, "model": model, "choices": [], "usage": usage})
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def event(self, value):
        if self.server.delay:
            time.sleep(self.server.delay)
        self.wfile.write(b"data: " + json.dumps(value).encode("utf-8") + b"\n\n")
        self.wfile.flush()


def make_server(host="127.0.0.1", port=0, corpus_dir=None, delay_ms=0,
                ignore_stream_options=False, no_usage=False, verbose=False):
    """A server (not yet serving); server.server_address[1] is its port."""
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.corpus = load_corpus(corpus_dir)
    server.delay = delay_ms / 1000.0
    server.ignore_stream_options = ignore_stream_options
    server.no_usage = no_usage
    server.verbose = verbose
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description="A deterministic OpenAI-compatible mock backend.")
    parser.add_argument("--port", type=int, default=8000, help="port (0: any free port)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--corpus-dir", help="directory of .txt/.md files to quote")
    parser.add_argument("--delay-ms", type=int, default=0, help="pause before each streamed chunk")
    parser.add_argument("--ignore-stream-options", action="store_true",
                        help="never send the streamed usage chunk")
    parser.add_argument("--no-usage", action="store_true", help="never report usage")
    parser.add_argument("--verbose", action="store_true", help="log each request")
    args = parser.parse_args(argv)
    server = make_server(args.host, args.port, args.corpus_dir, args.delay_ms,
                         args.ignore_stream_options, args.no_usage, args.verbose)
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
