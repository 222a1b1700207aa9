"""jieba's accurate segmentation (``Tokenizer.lcut(text)``, HMM on), in fewer Python steps.

jieba cuts a run of Chinese characters (and ``[a-zA-Z0-9+#&._%-]``) in three passes: a dict of every
dictionary word starting at each position (``get_DAG``), a backward pass that picks, at each position,
the word that maximises the log-probability of the rest (``calc``: a ``max`` over a generator of
tuples), then a walk that glues lone characters and hands the unknown ones to the HMM (``finalseg``).
:func:`lcut` does the first two in one backward loop without the intermediate dict and generator, and
the walk as jieba does it, so its words are jieba's: the scores are the same floating-point sums
(``log(freq) - log(total) + rest``, in that order) and a tie goes, as with ``max`` over ``(score, end)``
tuples, to the longer word. ``tests/test_fast_paths_extract2.py`` compares the two on every reason of
the corpora and on random texts.
"""

from __future__ import annotations

from math import log

from jieba import finalseg, re_han_default, re_skip_default


def lcut(tokenizer, text: str) -> list[str]:
    """``tokenizer.lcut(text)`` for a ``jieba.Tokenizer`` (accurate mode, HMM on)."""
    tokenizer.check_initialized()
    out: list[str] = []
    for block in re_han_default.split(text):
        if not block:
            continue
        if re_han_default.match(block):
            _cut_block(tokenizer, block, out)
        else:
            for x in re_skip_default.split(block):
                if re_skip_default.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out


def _cut_block(tokenizer, sentence: str, out: list[str]) -> None:
    """jieba's ``__cut_DAG(sentence)``, its words appended to ``out``."""
    freq = tokenizer.FREQ
    logtotal = log(tokenizer.total)
    n = len(sentence)
    score = [0] * (n + 1)  # route[x][0] of jieba's calc; route[n] = (0, 0)
    last = list(range(n + 1))  # route[x][1]: where the best word starting at x ends
    get = freq.get
    for k in range(n - 1, -1, -1):
        best = None
        i = k
        f = get(sentence[k])
        while f is not None:  # the prefix sentence[k:i + 1] is in the dictionary (f == 0: only as a prefix)
            if f:
                s = log(f) - logtotal + score[i + 1]
                if best is None or s >= best:  # later (longer) word on a tie, as max((s, x), ...) picks
                    best = s
                    last[k] = i
            i += 1
            if i == n:
                break
            f = get(sentence[k:i + 1])
        if best is None:  # no dictionary word starts here: the character alone, frequency 1
            best = log(1) - logtotal + score[k + 1]
        score[k] = best

    x = 0
    buf = ""
    while x < n:
        y = last[x] + 1
        if y - x == 1:
            buf += sentence[x]
        else:
            if buf:
                _flush(freq, buf, out)
                buf = ""
            out.append(sentence[x:y])
        x = y
    if buf:
        _flush(freq, buf, out)


def _flush(freq, buf: str, out: list[str]) -> None:
    """Lone characters glued together: one, the characters of a known word, or the HMM's words."""
    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        out.extend(finalseg.cut(buf))
    else:
        out.extend(buf)
