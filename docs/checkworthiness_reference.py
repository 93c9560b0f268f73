#!/usr/bin/env python3
"""Check-worthiness classifier: hashed n-gram logistic regression trained with plain SGD (numpy only).
Reference implementation for the Swift port. See checkworthiness-model.md for the spec.
Usage: OMP_NUM_THREADS=1 python3 cw_model.py [--weights out.npz]
"""
import csv, sys, math, time, json, argparse
import numpy as np

DATA = __import__('os').path.join(__import__('os').path.dirname(__file__), '..', '..', 'shared', 'data', 'checkworthiness', '')
NBITS = 18
NB = 1 << NBITS
MASK64 = 0xFFFFFFFFFFFFFFFF

# ---------------------------------------------------------------- hashing
def fnv1a64(s):
    h = 0xcbf29ce484222325
    for b in s.encode('utf-8'):
        h ^= b
        h = (h * 0x100000001b3) & MASK64
    return h

_cache = {}
def bucket(feat):
    v = _cache.get(feat)
    if v is None:
        v = _cache[feat] = fnv1a64(feat) % NB     # == h & (NB-1)
    return v

# ---------------------------------------------------------------- tokenizer
def tokenize(text):
    """ASCII A-Z lowercased; a token is a maximal run of [a-z0-9]; every digit becomes '0';
    apostrophes (' U+2019 `) are deleted (don't -> dont); '$', '%', '?' are one-char tokens;
    every other character (space, punctuation, any non-ASCII) separates tokens."""
    out = []; cur = []
    for ch in text:
        o = ord(ch)
        if 65 <= o <= 90:
            ch = chr(o + 32); o += 32
        if 97 <= o <= 122:
            cur.append(ch)
        elif 48 <= o <= 57:
            cur.append('0')
        elif ch in "'\u2019`":
            continue
        else:
            if cur:
                out.append(''.join(cur)); cur = []
            if ch in '$%?':
                out.append(ch)
    if cur:
        out.append(''.join(cur))
    return out

# ---------------------------------------------------------------- hand features
def W(s): return frozenset(s.split())
MONTHS = W('january february march april june july august september october november december')  # 'may' excluded (modal)
PRON1 = W('i me my mine myself we us our ours ourselves')
PRON2 = W('you your yours yourself yourselves')
PRON3 = W('he she him her his they them their it')
MODAL = W('will would should could can cant wont shall might must may')
NUMW = W('one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty '
         'seventy eighty ninety hundred hundreds thousand thousands million millions billion billions '
         'trillion trillions percent half double twice triple')
COMPAR = W('more less most least fewer higher lower larger smaller bigger biggest largest highest lowest '
           'worst best better worse increase increased decrease decreased cut cuts raised doubled tripled record')
NEG = W('not no never nothing nobody none dont didnt doesnt wont cant isnt wasnt')
PAST_AUX = W('has have had was were')
SAID = W('said says voted vote passed signed')
OPINION = W('think believe feel want hope')
CONJ = W('and but so well now because')

def is_year_at(text, i):
    # 4 ASCII digits, 1800-2099, not adjacent to another ASCII letter/digit/underscore
    s = text[i:i+4]
    if len(s) < 4 or not s.isascii() or not s.isdigit(): return False
    if not (s[:2] in ('18', '19') or s[:2] == '20'): return False
    def wordch(c): return c.isascii() and (c.isalnum() or c == '_')
    if i > 0 and wordch(text[i-1]): return False
    if i + 4 < len(text) and wordch(text[i+4]): return False
    return True

def hand_features(text, toks, extra=True):
    f = []
    n = len(toks)
    f.append('len:' + ('1-3' if n <= 3 else '4-6' if n <= 6 else '7-10' if n <= 10 else
                       '11-15' if n <= 15 else '16-25' if n <= 25 else '26+'))
    tset = set(toks)
    if any('0' <= c <= '9' for c in text): f.append('h:num')
    if '%' in text or 'percent' in tset: f.append('h:pct')
    if '$' in text or 'dollar' in tset or 'dollars' in tset: f.append('h:money')
    if any(is_year_at(text, i) for i in range(len(text))): f.append('h:year')
    if tset & MONTHS: f.append('h:month')
    if tset & NUMW: f.append('h:numword')
    if (tset & COMPAR) or any(t.endswith('est') and len(t) > 5 for t in toks): f.append('h:comp')
    if tset & PRON1: f.append('h:p1')
    if tset & PRON2: f.append('h:p2')
    if tset & PRON3: f.append('h:p3')
    if (tset & MODAL) or ' going to ' in ' ' + ' '.join(toks) + ' ': f.append('h:modal')
    if tset & NEG: f.append('h:neg')
    if '?' in text: f.append('h:q')
    if text.rstrip().endswith('?'): f.append('h:qend')
    words = text.split()            # split on whitespace
    caps = sum(1 for w in words[1:] if 'A' <= w[0] <= 'Z')
    if caps >= 1: f.append('h:caps')
    if caps >= 3: f.append('h:caps3')
    if extra:
        r = text.rstrip()
        if r.endswith('-') or r.endswith('...'): f.append('h:cut')
        if any(t.endswith('ed') and len(t) > 4 for t in toks): f.append('h:ed')
        if tset & PAST_AUX: f.append('h:aux_past')
        if tset & SAID: f.append('h:said')
        if tset & OPINION: f.append('h:opinion')
        if toks and toks[0] in CONJ: f.append('h:conjstart')
        if n <= 4 and '?' not in text: f.append('h:short')
    return f

# ---------------------------------------------------------------- feature templates
CFG = dict(w2=True, w3=False, char=(2, 5), hand=True, extra=True)

def features(text, cfg=CFG):
    toks = tokenize(text)
    F = ['w1:' + t for t in toks]
    p = ['<s>'] + toks + ['</s>']
    if cfg['w2']:
        F += ['w2:' + p[i] + ' ' + p[i+1] for i in range(len(p) - 1)]
    if cfg['w3']:
        F += ['w3:' + p[i] + ' ' + p[i+1] + ' ' + p[i+2] for i in range(len(p) - 2)]
    if cfg['char']:
        lo, hi = cfg['char']
        for t in toks:
            s = ' ' + t + ' '
            for n in range(lo, hi + 1):
                for i in range(len(s) - n + 1):
                    F.append('c:' + s[i:i+n])
    if cfg['hand']:
        F += hand_features(text, toks, cfg['extra'])
    F.append('bias')
    return F

def vectorize(text, cfg=CFG):
    """-> (sorted bucket indices, values). Binary presence per bucket, L2-normalised."""
    idx = sorted({bucket(f) for f in features(text, cfg)})
    v = 1.0 / math.sqrt(len(idx))
    return np.array(idx, np.int64), np.full(len(idx), v)

# ---------------------------------------------------------------- RNG (splitmix64) + shuffle
class SplitMix64:
    def __init__(self, seed): self.s = seed & MASK64
    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

def shuffle_inplace(a, rng):
    for i in range(len(a) - 1, 0, -1):      # Fisher-Yates
        j = rng.next() % (i + 1)
        a[i], a[j] = a[j], a[i]

# ---------------------------------------------------------------- SGD logistic regression
def train(X, y, epochs=10, eta0=0.5, lam=1e-5, pos_weight=1.0, seed=42, avg_last=0):
    """Plain SGD on  mean_i wt_i*logloss_i + lam/2*||w||^2  (bias not regularised).
    eta_t = eta0 / (1 + eta0*lam*t), t = number of updates done so far (starting at 0).
    L2 via the scaled-weight trick w = s*v.
    avg_last=K>0: return the mean of the end-of-epoch weights (w, b) of the last K epochs."""
    wsum = np.zeros(NB); bsum = 0.0
    v = np.zeros(NB); s = 1.0; b = 0.0; t = 0
    rng = SplitMix64(seed)
    order = list(range(len(y)))
    for ep in range(epochs):
        shuffle_inplace(order, rng)
        for i in order:
            idx, val = X[i]
            eta = eta0 / (1.0 + eta0 * lam * t)
            z = s * float(np.dot(v[idx], val)) + b
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            g = (p - y[i]) * (pos_weight if y[i] == 1 else 1.0)
            s *= (1.0 - eta * lam)
            v[idx] -= (eta * g / s) * val
            b -= eta * g
            t += 1
            if s < 1e-9:
                v *= s; s = 1.0
        if avg_last and ep >= epochs - avg_last:
            wsum += v * s; bsum += b
    if avg_last:
        return wsum / avg_last, bsum / avg_last
    return v * s, b

def predict(w, b, X):
    out = np.empty(len(X))
    for i, (idx, val) in enumerate(X):
        z = float(np.dot(w[idx], val)) + b
        out[i] = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
    return out

# ---------------------------------------------------------------- data / metrics
def load(name):
    with open(DATA + f'CT24_checkworthy_english_{name}.tsv', newline='', encoding='utf-8') as fh:
        rows = list(csv.DictReader(fh, delimiter='\t'))
    return ([r['Text'] for r in rows], np.array([r['class_label'] == 'Yes' for r in rows], np.int64),
            np.array([int(r['Sentence_id']) for r in rows]))

def prf(y, pred):
    tp = int(((pred == 1) & (y == 1)).sum()); fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0; r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r

THRESHOLDS = [round(0.05 + 0.01 * k, 2) for k in range(86)]   # 0.05 .. 0.90
def best_threshold(y, prob):
    best = (-1, None)
    for th in THRESHOLDS:                       # ties -> lowest threshold
        f = prf(y, (prob >= th).astype(int))[0]
        if f > best[0]: best = (f, th)
    return best

def blocked_folds(ids, k=5):
    """Fold of each row: sort by Sentence_id, cut into k contiguous equal blocks (≈ whole debates)."""
    order = np.argsort(ids, kind='stable')
    fold = np.empty(len(ids), int); fold[order] = np.arange(len(ids)) * k // len(ids)
    return fold

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--eta0', type=float, default=0.5)
    ap.add_argument('--lam', type=float, default=1e-5)
    ap.add_argument('--posw', type=float, default=1.0)
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--avg', type=int, default=0)
    ap.add_argument('--cfg', default='{}')
    ap.add_argument('--cv', type=int, default=1)
    ap.add_argument('--weights', default='')
    a = ap.parse_args()
    CFG.update(json.loads(a.cfg))
    t0 = time.time()
    Ttr, ytr, idtr = load('train'); Tdv, ydv, _ = load('dev'); Tdt, ydt, _ = load('dev-test')
    Xtr = [vectorize(t) for t in Ttr]; Xdv = [vectorize(t) for t in Tdv]; Xdt = [vectorize(t) for t in Tdt]
    hp = dict(epochs=a.epochs, eta0=a.eta0, lam=a.lam, pos_weight=a.posw, seed=a.seed, avg_last=a.avg)
    w, b = train(Xtr, ytr, **hp)
    pdv = predict(w, b, Xdv); pdt = predict(w, b, Xdt)
    fdv, thdv = best_threshold(ydv, pdv)
    res = dict(cfg=dict(CFG), hp=hp, dev_best=(round(fdv, 4), thdv))
    if a.cv:
        fold = blocked_folds(idtr)
        oof = np.zeros(len(ytr))
        for k in range(5):
            tr = [i for i in range(len(ytr)) if fold[i] != k]; te = [i for i in range(len(ytr)) if fold[i] == k]
            wk, bk = train([Xtr[i] for i in tr], ytr[tr], **hp)
            oof[te] = predict(wk, bk, [Xtr[i] for i in te])
        fcv, thcv = best_threshold(ytr, oof)
        res['cv_best'] = (round(fcv, 4), thcv)
        res['dev@cv_th'] = [round(x, 4) for x in prf(ydv, (pdv >= thcv).astype(int))]
        res['devtest@cv_th'] = [round(x, 4) for x in prf(ydt, (pdt >= thcv).astype(int))]
    res['devtest@dev_th'] = [round(x, 4) for x in prf(ydt, (pdt >= thdv).astype(int))]
    res['secs'] = round(time.time() - t0)
    print(json.dumps(res), flush=True)
    if a.weights:
        np.savez_compressed(a.weights, w=w, b=b)

if __name__ == '__main__':
    main()
