#!/usr/bin/env python3
"""How well single signals tell a labelled pair set's "same" pairs from its "different"
ones, as ROC AUC (1.0: every same pair scores above every different pair; 0.5: no
better than chance; below 0.5: the different pairs score higher). Not shipped, not a
test: it answers whether a classifier over these signals could learn anything that
holds on claims a desk meets.

    pair_signals.py MODEL_DIR PAIRS.tsv [PAIRS.tsv ...]

MODEL_DIR: the sentence model's folder (scripts/fetch-sentence-model.sh DIR). Needs
numpy and the Python `tokenizers` package (pip install tokenizers). Signals:
  cosine        all-MiniLM-L6-v2 cosine of the two claims (the numpy forward pass
                of scripts/encoder_reference.py, the same embedding claims stores)
  shared words  Jaccard overlap of the two claims' words, stop words left out
  fewer unique  minus the number of words only one claim has (more unique words,
                lower score)
"""
import csv, os, re, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import encoder_reference

STOP = set("""a an the of in on at to for from by with and or but is are was were be been has have had
will would that this these those it its as than there their they he she his her we our you your i said
says say according also which who what when where while about into over after before since""".split())


def words(text):
    return {w for w in re.findall(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*", text.lower()) if w not in STOP}


def auc(scores, labels):
    """Mann-Whitney: the chance that a random same pair outscores a random different one."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = np.asarray(scores)[order]
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    labels = np.asarray(labels, dtype=bool)
    positives, negatives = labels.sum(), (~labels).sum()
    return (ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: pair_signals.py MODEL_DIR PAIRS.tsv [PAIRS.tsv ...]")
    try:
        from tokenizers import Tokenizer
    except ImportError:
        sys.exit("pair_signals.py needs the Python tokenizers package: pip install tokenizers")
    directory = sys.argv[1]
    tokenizer = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(128)
    encoder = encoder_reference.Encoder(directory)
    sets = []
    for path in sys.argv[2:]:
        rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))
        sets.append((os.path.basename(path), [(r["a"], r["b"], r["same"] == "yes") for r in rows]))
    texts = sorted({t for _, pairs in sets for a, b, _ in pairs for t in (a, b)})
    vectors = encoder.encode([tokenizer.encode(t).ids for t in texts], batch_size=32)
    index = {t: i for i, t in enumerate(texts)}
    print(f"{'pairs':<36} {'n':>4} {'cosine':>7} {'shared words':>13} {'fewer unique':>13}")
    everything = []
    for name, pairs in sets + [("all", None)]:
        pairs = pairs if pairs is not None else everything
        cosine = [float(vectors[index[a]] @ vectors[index[b]]) for a, b, _ in pairs]
        shared = [len(words(a) & words(b)) / max(1, len(words(a) | words(b))) for a, b, _ in pairs]
        unique = [-len(words(a) ^ words(b)) for a, b, _ in pairs]
        labels = [same for _, _, same in pairs]
        print(f"{name:<36} {len(pairs):>4} {auc(cosine, labels):>7.3f} {auc(shared, labels):>13.3f} {auc(unique, labels):>13.3f}")
        if name != "all":
            everything.extend(pairs)


if __name__ == "__main__":
    main()
