"""Greedy left-to-right averaged perceptron over BIO tags, and its weight file.

Used by tools/ner/train.py (training, saving) and tools/ner/tag.py (loading,
decoding). The decoding rule is specified in tools/ner/features.md.
"""
import gzip

from features import BOS, TAGS, VERSION, allowed, tag_features

N_TAGS = len(TAGS)
SCALE = 1000


class Perceptron:
    """Weights: feature string -> list of one weight per tag (TAGS order)."""

    def __init__(self, groups):
        self.groups = groups
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
            s = self.scores(feats)
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

    def _update(self, feats, tag, delta):
        for f in feats:
            w = self.weights.get(f)
            if w is None:
                w = self.weights[f] = [0] * N_TAGS
                self._totals[f] = [0] * N_TAGS
            w[tag] += delta
            self._totals[f][tag] += self._time * delta

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
                    if name == "features" and value != VERSION:
                        raise ValueError("weight file has features %s, code has %s"
                                         % (value, VERSION))
                    if name == "groups":
                        model.groups = tuple(g for g in value.split(",") if g)
                    continue
                feat, tag, weight = line.rstrip("\n").split("\t")
                w = model.weights.get(feat)
                if w is None:
                    w = model.weights[feat] = [0] * N_TAGS
                w[index[tag]] = int(weight)
        return model
