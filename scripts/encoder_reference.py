#!/usr/bin/env python3
"""The benchmark's yardstick for the Swift sentence encoder: the same all-MiniLM-L6-v2
forward pass written plainly in numpy (float32, its own OpenBLAS), on token ids the
Swift tokenizer wrote. Only for scripts/bench.sh; not shipped, not a test.

    encoder_reference.py MODEL_DIR TOKENS.txt [--runs N] [--batch N] [--check EMBEDDINGS.f32]
    encoder_reference.py MODEL_DIR --fixture Tests/SentenceModelTests/Fixtures/reference.json

TOKENS.txt: one sentence a line, its token ids separated by spaces ([CLS] … [SEP]).
Sentences are sorted by length and padded to the longest of each batch, with an
attention mask, as a Python user of the model would batch them. Prints sentences/s
(best and median of RUNS passes) and, with --check, the lowest cosine between its
embeddings and the Swift encoder's (raw float32, 384 a sentence, in input order).

--fixture re-checks the tests' reference file against this forward pass (with the
exact erf, math.erf) and, when the Python `tokenizers` package is installed, its
token ids against Hugging Face's tokenizer on the model's tokenizer.json; it exits 1
when any embedding is off by 1e-6 or any token id differs.
"""
import argparse, json, math, os, struct, sys, time
import numpy as np


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype=np.float32).reshape(entry["shape"])
    return tensors


def erf(x):
    # numpy has no erf: math.erf elementwise would dominate, so a float64 rational
    # approximation accurate to 1e-7 (Abramowitz & Stegun 7.1.26 is 1.5e-7).
    a1, a2, a3, a4, a5, p = 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429, 0.3275911
    s = np.sign(x)
    ax = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + p * ax)
    y = 1.0 - (((((a5 * t + a4) * t) + a3) * t + a2) * t + a1) * t * np.exp(-ax * ax)
    return (s * y).astype(np.float32)


class Encoder:
    def __init__(self, directory):
        config = json.load(open(os.path.join(directory, "config.json")))
        self.heads = config["num_attention_heads"]
        self.eps = np.float32(config["layer_norm_eps"])
        t = load_safetensors(os.path.join(directory, "model.safetensors"))
        self.word = t["embeddings.word_embeddings.weight"]
        self.position = t["embeddings.position_embeddings.weight"]
        self.segment = t["embeddings.token_type_embeddings.weight"][0]
        self.norm = (t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            w = lambda name: t[p + name + ".weight"].T.copy()
            b = lambda name: t[p + name + ".bias"]
            self.layers.append(dict(
                qkv=np.concatenate([w("attention.self.query"), w("attention.self.key"), w("attention.self.value")], axis=1),
                qkv_b=np.concatenate([b("attention.self.query"), b("attention.self.key"), b("attention.self.value")]),
                out=w("attention.output.dense"), out_b=b("attention.output.dense"),
                norm1=(t[p + "attention.output.LayerNorm.weight"], t[p + "attention.output.LayerNorm.bias"]),
                up=w("intermediate.dense"), up_b=b("intermediate.dense"),
                down=w("output.dense"), down_b=b("output.dense"),
                norm2=(t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"])))

    def layer_norm(self, x, norm):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * norm[0] + norm[1]

    def forward(self, ids, mask):
        batch, length = ids.shape
        x = self.word[ids] + self.position[:length] + self.segment
        x = self.layer_norm(x, self.norm)
        h = x.shape[-1]
        d = h // self.heads
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :].astype(np.float32)
        for L in self.layers:
            qkv = x @ L["qkv"] + L["qkv_b"]
            q, k, v = (qkv[..., i * h:(i + 1) * h].reshape(batch, length, self.heads, d).transpose(0, 2, 1, 3) for i in range(3))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(d)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, h)
            x = self.layer_norm(x + context @ L["out"] + L["out_b"], L["norm1"])
            up = x @ L["up"] + L["up_b"]
            up = up * np.float32(0.5) * (np.float32(1) + erf(up * np.float32(1 / math.sqrt(2))))
            x = self.layer_norm(x + up @ L["down"] + L["down_b"], L["norm2"])
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def encode(self, sentences, batch_size):
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out = np.zeros((len(sentences), self.word.shape[1]), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chosen = order[start:start + batch_size]
            longest = max(len(sentences[i]) for i in chosen)
            ids = np.zeros((len(chosen), longest), dtype=np.int64)
            mask = np.zeros((len(chosen), longest), dtype=np.float32)
            for row, i in enumerate(chosen):
                ids[row, :len(sentences[i])] = sentences[i]
                mask[row, :len(sentences[i])] = 1
            out[chosen] = self.forward(ids, mask)
        return out


def check_fixture(directory, path):
    global erf
    erf = np.vectorize(math.erf, otypes=[np.float64])  # exact, and fast enough for a few sentences
    fixture = json.load(open(path, encoding="utf-8"))
    encoder = Encoder(directory)
    worst = 0.0
    for case in fixture["embeddings"]:
        ids = np.array([case["tokens"]], dtype=np.int64)
        vector = encoder.forward(ids, np.ones(ids.shape, dtype=np.float32))[0]
        worst = max(worst, float(np.abs(vector - np.array(case["embedding"], dtype=np.float32)).max()))
    print(f"{len(fixture['embeddings'])} embeddings: largest difference from the numpy forward pass {worst:.1e}")
    failed = worst > 1e-6
    try:
        from tokenizers import Tokenizer
    except ImportError:
        print("token ids not checked: the Python tokenizers package is not installed (pip install tokenizers)")
        return 1 if failed else 0
    tokenizer = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
    tokenizer.no_padding()
    cases = [(c["text"], c["ids"]) for c in fixture["tokenizer"]] + [(c["text"], c["tokens"]) for c in fixture["embeddings"]]
    wrong = [text for text, ids in cases if tokenizer.encode(text).ids != ids]
    for text in wrong:
        print(f"token ids differ from Hugging Face tokenizers for {text[:60]!r}")
    print(f"{len(cases)} tokenizations: {len(cases) - len(wrong)} match Hugging Face tokenizers")
    return 1 if failed or wrong else 0


def main():
    if "--fixture" in sys.argv:
        fixture = argparse.ArgumentParser()
        fixture.add_argument("model")
        fixture.add_argument("--fixture", required=True)
        args = fixture.parse_args()
        sys.exit(check_fixture(args.model, args.fixture))
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("tokens")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--check")
    args = parser.parse_args()
    sentences = [[int(t) for t in line.split()] for line in open(args.tokens) if line.strip()]
    encoder = Encoder(args.model)
    encoder.encode(sentences[:64], args.batch)
    times = []
    cpu_start = time.process_time()
    for _ in range(args.runs):
        start = time.perf_counter()
        vectors = encoder.encode(sentences, args.batch)
        times.append(time.perf_counter() - start)
    cpu = time.process_time() - cpu_start
    times.sort()
    best, median = times[0], times[len(times) // 2]
    n = len(sentences)
    print(f"numpy reference: {n} sentences; {args.runs} passes: best {best:.2f} s = {n / best:.0f} sentences/s, "
          f"median {median:.2f} s = {n / median:.0f} sentences/s; {n * args.runs / cpu:.0f} sentences per CPU-second")
    if args.check:
        swift = np.fromfile(args.check, dtype=np.float32).reshape(n, -1)
        print(f"lowest cosine between numpy and Swift embeddings: {float((swift * vectors).sum(1).min()):.6f}")


if __name__ == "__main__":
    main()
