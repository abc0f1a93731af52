"""Greedy left-to-right averaged perceptron over BIO tags, and its weight file.

Used by tools/ner/train.py (training, saving) and tools/ner/tag.py (loading,
decoding). The decoding rule is specified in tools/ner/features.md.
"""
import gzip

from features import BOS, COMPATIBLE, TAGS, VERSION, allowed, tag_features

N_TAGS = len(TAGS)
SCALE = 1000
_ZERO = (0,) * N_TAGS
_ALLOWED = [[allowed(p, t) for t in TAGS] for p in TAGS]
_ALLOWED_BOS = [allowed(BOS, t) for t in TAGS]


class Perceptron:
    """Weights: feature string -> list of one weight per tag (TAGS order)."""

    def __init__(self, groups, decoding="greedy"):
        self.groups = groups
        # "greedy" (features.md), "viterbi" (first order, no t-2,t-1 feature) or
        # "beamK" (K hypotheses, second-order features, states recombined)
        self.decoding = decoding
        self.weights = {}
        self._totals = {}     # feature -> per tag, sum of (update time * delta)
        self._time = 0

    def scores(self, feats):
        """Per-tag sum of the weights of feats (unknown features contribute 0)."""
        s = [0] * N_TAGS
        for f in feats:
            w = self.weights.get(f)
            if w is not None:
                s = [a + b for a, b in zip(s, w)]
        return s

    def decode(self, doc, gold=None):
        """Greedy tag sequence for doc; with gold tag ids, also update on each error.

        Training uses the model's own previous predictions as history, exactly as
        at tagging time.
        """
        prev2, prev = BOS, BOS
        out = []
        for i, k in enumerate(doc.keys):
            feats = doc.features[i] + tag_features(prev, prev2, k, self.groups)
            s = self._sum(feats)
            best = max((t for t in range(N_TAGS) if allowed(prev, TAGS[t])),
                       key=lambda t: s[t])
            if gold is not None:
                self._time += 1
                if best != gold[i]:
                    self._update(feats, gold[i], 1)
                    self._update(feats, best, -1)
            out.append(best)
            prev2, prev = prev, TAGS[best]
        return out

    def _sum(self, feats, s=None):
        """Per-tag weight sums of feats (added to s if given); exact on integers."""
        s = list(s) if s is not None else [0] * N_TAGS
        get = self.weights.get
        for f in feats:
            w = get(f)
            if w is not None:
                for t in range(N_TAGS):
                    s[t] += w[t]
        return s

    def tag(self, doc, gold=None):
        """Decode with the model's decoding mode (training update if gold given)."""
        if self.decoding == "greedy":
            return self.decode(doc, gold)
        if self.decoding == "viterbi":
            pred = self.viterbi(doc)
            second = False
        elif self.decoding.startswith("beam"):
            pred = self.beam(doc, int(self.decoding[4:]))
            second = True
        else:
            raise ValueError("unknown decoding " + self.decoding)
        if gold is not None:
            self._time += len(pred)
            if pred != list(gold):
                self._structured_update(doc, gold, pred, second)
        return pred

    def _structured_update(self, doc, gold, pred, second):
        """Collins' sequence perceptron update: +1 gold path, -1 predicted path,
        at every position whose tag or tag history differs."""
        def hist(seq, i):
            p1 = TAGS[seq[i - 1]] if i >= 1 else BOS
            p2 = TAGS[seq[i - 2]] if i >= 2 else BOS
            return p1, p2
        for i, k in enumerate(doc.keys):
            gh, ph = hist(gold, i), hist(pred, i)
            same_hist = gh == ph if second else gh[0] == ph[0]
            if gold[i] == pred[i] and same_hist:
                continue
            self._update(doc.features[i] + tag_features(gh[0], gh[1], k, self.groups, second), gold[i], 1)
            self._update(doc.features[i] + tag_features(ph[0], ph[1], k, self.groups, second), pred[i], -1)

    def viterbi(self, doc):
        """First-order Viterbi over the 7 tags with the BIO constraint.

        score(i, prev -> t) = static(i)[t] + w[t-1=prev][t] + w[t-1,w=prev,k_i][t]
        (the latter only with group tagword), prev = <s> at i = 0. Ties: the
        earlier predecessor in TAGS order wins; at the end the earlier tag.
        """
        n = len(doc.keys)
        if n == 0:
            return []
        get = self.weights.get
        tagword = "tagword" in self.groups
        zero = _ZERO
        trans = [get("t-1=" + t) or zero for t in TAGS]
        NEG = float("-inf")
        back = []
        k = doc.keys[0]
        st = self._sum(doc.features[0])
        tb = get("t-1=" + BOS) or zero
        tw = (get("t-1,w=%s,%s" % (BOS, k)) or zero) if tagword else zero
        delta = [st[t] + tb[t] + tw[t] if _ALLOWED_BOS[t] else NEG for t in range(N_TAGS)]
        rng = range(N_TAGS)
        for i in range(1, n):
            k = doc.keys[i]
            st = self._sum(doc.features[i])
            new = [NEG] * N_TAGS
            bp = [0] * N_TAGS
            for p in rng:
                dp = delta[p]
                if dp == NEG:
                    continue
                tr = trans[p]
                tw = (get("t-1,w=%s,%s" % (TAGS[p], k)) or zero) if tagword else zero
                al = _ALLOWED[p]
                for t in rng:
                    if al[t]:
                        v = dp + st[t] + tr[t] + tw[t]
                        if v > new[t]:
                            new[t] = v
                            bp[t] = p
            delta = new
            back.append(bp)
        best = 0
        for t in rng:
            if delta[t] > delta[best]:
                best = t
        out = [best]
        for bp in reversed(back):
            best = bp[best]
            out.append(best)
        return out[::-1]

    def beam(self, doc, k_beam):
        """Beam search with second-order tag features.

        A hypothesis is (score, tags). At each token every hypothesis is extended
        by every allowed tag; candidates are ordered by score (descending), ties
        by the rank of the parent hypothesis, then TAGS order; a candidate whose
        last two tags equal those of a better candidate is dropped (same future);
        the first k_beam are kept. Result: the best hypothesis at the end.
        """
        beam = [(0, [])]
        for i, k in enumerate(doc.keys):
            st = self._sum(doc.features[i])
            cands = []
            for score, tags in beam:
                prev = TAGS[tags[-1]] if tags else BOS
                prev2 = TAGS[tags[-2]] if len(tags) >= 2 else BOS
                s = self._sum(tag_features(prev, prev2, k, self.groups), st)
                for t in range(N_TAGS):
                    if allowed(prev, TAGS[t]):
                        cands.append((score + s[t], tags, t))
            cands.sort(key=lambda c: -c[0])      # stable: parent rank, tag order
            seen = set()
            beam = []
            for score, tags, t in cands:
                state = (tags[-1] if tags else -1, t)
                if state in seen:
                    continue
                seen.add(state)
                beam.append((score, tags + [t]))
                if len(beam) == k_beam:
                    break
        return beam[0][1]

    def _update(self, feats, tag, delta):
        for f in feats:
            w = self.weights.get(f)
            if w is None:
                w = self.weights[f] = [0] * N_TAGS
                self._totals[f] = [0] * N_TAGS
            w[tag] += delta
            self._totals[f][tag] += self._time * delta

    def averaged_copy(self):
        """A new Perceptron with the averaged weights; self is left as it is."""
        t = self._time + 1
        m = Perceptron(self.groups, self.decoding)
        m.weights = {f: [wi - ti / t for wi, ti in zip(w, self._totals[f])]
                     for f, w in self.weights.items()}
        return m

    def average(self):
        """Replace the weights by their average over all training steps."""
        t = self._time + 1
        for f, w in self.weights.items():
            tot = self._totals[f]
            self.weights[f] = [wi - ti / t for wi, ti in zip(w, tot)]
        self._totals = {}

    def save(self, path, min_weight, header_lines):
        """Write `feature<TAB>tag<TAB>weight` lines, weights as round(w * SCALE).

        Weights whose scaled absolute value is below min_weight are dropped, and so
        are features containing a tab, CR or LF; lines are sorted by feature, then
        tag. A path ending in .gz is gzip-compressed (deterministically). Returns
        the number of weight lines written.
        """
        rows = []
        for f, w in self.weights.items():
            if "\t" in f or "\n" in f or "\r" in f:
                continue
            for t, v in enumerate(w):
                iv = round(v * SCALE)
                if abs(iv) >= min_weight and iv != 0:
                    rows.append((f, TAGS[t], iv))
        rows.sort()
        lines = ["# matn NER averaged perceptron weights",
                 "# features: %s" % VERSION,
                 "# groups: %s" % ",".join(self.groups),
                 "# decoding: %s" % self.decoding,
                 "# tags: %s" % " ".join(TAGS),
                 "# weight: round(averaged weight * %d), |weight| >= %d kept" % (SCALE, min_weight)]
        lines += ["# " + h for h in header_lines]
        lines += ["%s\t%s\t%d" % row for row in rows]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        if path.endswith(".gz"):
            data = gzip.compress(data, mtime=0)    # mtime 0: byte-reproducible
        with open(path, "wb") as out:
            out.write(data)
        return len(rows)

    @classmethod
    def load(cls, path):
        """Read a weight file written by save(); weights stay scaled integers."""
        opener = gzip.open if path.endswith(".gz") else open
        index = {t: i for i, t in enumerate(TAGS)}
        model = cls(())
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    name, _, value = line[1:].strip().partition(": ")
                    if name == "features" and value not in COMPATIBLE:
                        raise ValueError("weight file has features %s, code has %s"
                                         % (value, VERSION))
                    if name == "decoding":
                        model.decoding = value
                    if name == "groups":
                        model.groups = tuple(g for g in value.split(",") if g)
                    continue
                feat, tag, weight = line.rstrip("\n").split("\t")
                w = model.weights.get(feat)
                if w is None:
                    w = model.weights[feat] = [0] * N_TAGS
                w[index[tag]] = int(weight)
        return model
